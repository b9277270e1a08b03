#!/usr/bin/python3
"""Plasticity's exact PK engine against the tool a pharmacometrician would otherwise use:
scipy's solve_ivp (LSODA, rtol 1e-8) on the same model, written here independently from the
published parameters (issue 3, benchmark 2). Prints the per-profile speed ratio and the largest
relative difference.

  bench/compare_scipy.py                       # the comparison (needs build/ and python3-scipy)
  bench/compare_scipy.py --write-fixture FILE  # the reference curve used by a unit test

Model: kamp2020 (V1 25, V2 56, V3 157 L per 70 kg; CL 84, Q2 161, Q3 79 L/h at 70 kg, clearances
×(WT/70)^0.75), 0.5 mg/kg over 40 min, effect site ke0 0.238/min, every minute for 24 h.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

ROOT = Path(__file__).resolve().parent.parent
KE0 = 0.238
TIMES = np.arange(0.0, 1441.0)


def rates(weight_kg):
    size = weight_kg / 70
    allometric = size ** 0.75
    v1, v2, v3 = 25 * size, 56 * size, 157 * size
    cl, q2, q3 = (x * allometric / 60 for x in (84, 161, 79))  # L/min
    return v1, v2, v3, cl, q2, q3


def reference(weight_kg, times=TIMES, rtol=1e-8):
    """Plasma and effect-site concentration (ng/mL) by LSODA, the infusion as two pieces."""
    v1, v2, v3, cl, q2, q3 = rates(weight_kg)
    dose, duration = 0.5 * weight_kg, 40.0

    def rhs(t, y, rate):
        a1, a2, a3, ce = y
        c1, c2, c3 = a1 / v1, a2 / v2, a3 / v3
        return [rate - cl * c1 - q2 * (c1 - c2) - q3 * (c1 - c3),
                q2 * (c1 - c2), q3 * (c1 - c3), KE0 * (1000 * c1 - ce)]

    before = times[times < duration]
    keep = len(before) + (1 if duration in times else 0)  # the end of the infusion itself
    after = times[times > duration]
    first = solve_ivp(rhs, (0, duration), [0, 0, 0, 0], method="LSODA", rtol=rtol, atol=1e-12,
                      t_eval=np.append(before, duration), args=(dose / duration,))
    second = solve_ivp(rhs, (duration, times[-1]), first.y[:, -1], method="LSODA", rtol=rtol,
                       atol=1e-12, t_eval=after, args=(0.0,))
    plasma = np.concatenate([first.y[0, :keep], second.y[0]]) * 1000 / v1
    effect = np.concatenate([first.y[3, :keep], second.y[3]])
    return plasma, effect


def plasticity(weight_kg):
    request = {"model": "kamp2020", "patient": {"weight_kg": weight_kg},
               "doses": [{"route": "iv_infusion", "dose_mg_per_kg": 0.5, "start_min": 0,
                          "duration_min": 40}],
               "effect_site": {"ke0_per_min": KE0}, "times_min": TIMES.tolist()}
    out = subprocess.run([str(ROOT / "build/plasticity"), "pk", "simulate", "--input", "-"],
                         input=json.dumps(request), capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return np.array(result["plasma_ng_ml"]), np.array(result["effect_site_ng_ml"])


def plasticity_profile_seconds():
    out = subprocess.run([str(ROOT / "build/bench/pk_simulation_bench"),
                          "--benchmark_filter=OneInfusion24h", "--benchmark_format=json"],
                         capture_output=True, text=True, check=True)
    run = json.loads(out.stdout)["benchmarks"][0]
    return run["real_time"] * {"us": 1e-6, "ms": 1e-3, "ns": 1e-9}[run["time_unit"]]


def write_fixture(path):
    times = np.array([0, 1, 5, 10, 20, 30, 39.5, 40, 40.5, 45, 60, 90, 120, 240, 480, 720, 1440])
    plasma, effect = reference(70.0, times, rtol=1e-12)
    with open(path, "w") as f:
        f.write("# kamp2020, 70 kg, 0.5 mg/kg over 40 min, ke0 0.238/min; scipy LSODA rtol 1e-12\n")
        f.write("# written by bench/compare_scipy.py --write-fixture; do not edit by hand\n")
        f.write("time_min,plasma_ng_ml,effect_site_ng_ml\n")
        for t, p, e in zip(times, plasma, effect):
            f.write(f"{t:.1f},{p:.12g},{e:.12g}\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write-fixture":
        write_fixture(sys.argv[2])
        return
    weights = np.linspace(50, 120, 20)
    started = time.perf_counter()
    references = [reference(w) for w in weights]
    scipy_seconds = (time.perf_counter() - started) / len(weights)
    worst = 0.0
    for w, (ref_plasma, ref_effect) in zip(weights, references):
        plasma, effect = plasticity(w)
        for ours, theirs in ((plasma, ref_plasma), (effect, ref_effect)):
            mask = theirs > 1e-6 * theirs.max()  # relative error is meaningless at exactly zero
            worst = max(worst, float(np.max(np.abs(ours[mask] - theirs[mask]) / theirs[mask])))
    ours_seconds = plasticity_profile_seconds()
    print(f"profiles: {len(weights)} patients x {len(TIMES)} times, plasma + effect site")
    print(f"scipy solve_ivp (LSODA, rtol 1e-8): {scipy_seconds * 1e3:9.3f} ms per profile (baseline)")
    print(f"Plasticity exact propagation:       {ours_seconds * 1e3:9.3f} ms per profile")
    print(f"speed ratio: {scipy_seconds / ours_seconds:,.0f}x (target >= 1,000x)")
    print(f"largest relative difference: {worst:.2e} (target <= 1e-6)")


if __name__ == "__main__":
    main()
