// The `plasticity pk` command-line contract: JSON in, JSON out, and exit code 2 with one line
// naming the field for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { BIN } from '../support/server.mjs';

function simulate(request) {
  const run = spawnSync(BIN, ['pk', 'simulate', '--input', '-'], { input: JSON.stringify(request), encoding: 'utf8' });
  return { status: run.status, json: run.status === 0 ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}

const infusion = (overrides = {}) => ({
  model: 'kamp2020',
  patient: { weight_kg: 70 },
  doses: [{ route: 'iv_infusion', dose_mg_per_kg: 0.5, start_min: 0, duration_min: 40 }],
  times_min: [0, 10, 20, 30, 40, 60, 120],
  ...overrides,
});

it('lists the models with their sources, sampling sites and assumptions', () => {
  const run = spawnSync(BIN, ['pk', 'models'], { encoding: 'utf8' });
  assert.equal(run.status, 0);
  const models = JSON.parse(run.stdout);
  assert.deepEqual(models.map((m) => m.id), ['kamp2020', 'domino1984', 'clements1981', 'hijazi2003', 'perez_ruixo2021', 'fanta2015']);
  for (const m of models) {
    assert.ok(m.citation.length > 20, m.id);
    assert.ok(['arterial', 'venous', 'not stated'].includes(m.sampling_site), m.id);
    assert.ok(m.assumptions.length > 0, m.id);
  }
});

it('simulates 0.5 mg/kg over 40 minutes with exact AUC and an effect site', () => {
  const result = simulate(infusion({ effect_site: { ke0_per_min: 0.238 } }));
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.json.plasma_ng_ml.length, 7);
  assert.equal(result.json.effect_site_ng_ml.length, 7);
  assert.equal(result.json.summary.tmax_min, 40);
  assert.equal(result.json.summary.end_of_infusion_ng_ml, result.json.plasma_ng_ml[4]);
  // AUC(0-∞) = Dose/CL: 35 mg / 84 L/h = 416.67 ng·h/mL (kamp2020 at 70 kg).
  assert.ok(Math.abs(result.json.summary.auc_0_inf_ng_h_ml - 35 / 84 * 1000) < 1e-6);
});

it('reports time above a threshold and the dose scale that reaches a target peak', () => {
  const first = simulate(infusion({ threshold_ng_ml: 100, target_cmax_ng_ml: 150 }));
  assert.equal(first.status, 0, first.stderr);
  assert.ok(first.json.summary.time_above_threshold_min > 20 && first.json.summary.time_above_threshold_min < 60);
  const scale = first.json.summary.dose_scale_for_target;
  const scaled = simulate(infusion({ doses: [{ route: 'iv_infusion', dose_mg_per_kg: 0.5 * scale, start_min: 0, duration_min: 40 }] }));
  assert.ok(Math.abs(scaled.json.summary.cmax_ng_ml - 150) < 1e-9 * 150);
});

it('simulates esketamine nasal spray by 28 mg devices, with noresketamine', () => {
  const times = [...Array(361)].map((_, i) => i);
  const result = simulate({ model: 'perez_ruixo2021', patient: { weight_kg: 70, age_years: 40 },
    doses: [{ route: 'intranasal', devices: 2, interval_min: 5 }], times_min: times });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.json.metabolite, 'noresketamine');
  assert.equal(result.json.metabolite_ng_ml.length, times.length);
  // Perez-Ruixo 2021 Table 4, 56 mg: esketamine Cmax 72.5 ng/mL (within 2%).
  assert.ok(Math.abs(result.json.summary.cmax_ng_ml - 72.5) < 0.02 * 72.5, String(result.json.summary.cmax_ng_ml));
  const fourDevices = simulate({ model: 'perez_ruixo2021', patient: { weight_kg: 70 }, doses: [{ route: 'intranasal', devices: 4 }], times_min: [0] });
  assert.equal(fourDevices.status, 2);
  assert.match(fourDevices.stderr, /doses\/0\/devices: must be 1, 2 or 3/);
});

it('simulates intramuscular, sublingual and oral doses with their bioavailability, and ethnicity', () => {
  // AUC(0-∞) = F·Dose/CL: kamp2020 at 70 kg, CL 84 L/h; F 0.93 IM, 0.29 sublingual, 0.20 oral.
  for (const [route, f] of [['intramuscular', 0.93], ['sublingual', 0.29], ['oral', 0.20]]) {
    const result = simulate(infusion({ doses: [{ route, amount_mg: 35, start_min: 0 }] }));
    assert.equal(result.status, 0, result.stderr);
    assert.ok(Math.abs(result.json.summary.auc_0_inf_ng_h_ml - f * 35 / 84 * 1000) < 1e-6, route);
    assert.equal(result.json.summary.end_of_infusion_ng_ml, null);
  }
  const spray = (ethnicity) => simulate({ model: 'perez_ruixo2021', patient: { weight_kg: 70, ethnicity },
    doses: [{ route: 'intranasal', devices: 2 }], times_min: [0, 30, 60, 240] });
  const japanese = spray('japanese'), reference = spray('not_asian');
  assert.equal(japanese.status, 0, japanese.stderr);
  assert.ok(japanese.json.summary.cmax_ng_ml > reference.json.summary.cmax_ng_ml);
  const unknown = spray('martian');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^error: patient\/ethnicity: must be "not_asian", "asian" or "japanese"/);
});

it('simulates a population: same seed, same numbers on any thread count', () => {
  const request = JSON.stringify({ model: 'perez_ruixo2021', patient: { weight_kg: 75 },
    covariates: { weight_kg: { mean: 80, sd: 15, min: 45, max: 140 }, age_years: { min: 18, max: 75 } },
    doses: [{ route: 'intranasal', devices: 2 }], times_min: [0, 20, 40, 60, 120], threshold_ng_ml: 50 });
  const run = (threads, seed = 5) => spawnSync(BIN, ['pk', 'population', '--input', '-', '--n', '500', '--seed', String(seed), '--threads', String(threads)], { input: request, encoding: 'utf8' });
  const one = run(1), two = run(2);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.notEqual(run(1, 6).stdout, one.stdout);
  const result = JSON.parse(one.stdout);
  assert.equal(result.n, 500);
  assert.ok(result.variability.includes('FRn'));
  const p = result.summary.cmax_ng_ml;
  assert.ok(p.p5 <= p.p25 && p.p25 <= p.p50 && p.p50 <= p.p75 && p.p75 <= p.p95);
  assert.equal(result.plasma_ng_ml.p50.length, 5);
  const bad = spawnSync(BIN, ['pk', 'population', '--input', '-'], { input: JSON.stringify({ ...JSON.parse(request), covariates: { weight_kg: { mean: 80, min: 90 } } }), encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error: covariates\/weight_kg: needs min <= mean <= max/);
  const tooManyTimes = spawnSync(BIN, ['pk', 'population', '--input', '-'], { input: JSON.stringify({ ...JSON.parse(request), times_min: [...Array(2001)].map((_, i) => i) }), encoding: 'utf8' });
  assert.equal(tooManyTimes.status, 2);
  assert.match(tooManyTimes.stderr, /^error: times_min: a population may ask for at most 2,000 times/);
});

it('refuses bad input with exit code 2 and one line naming the field', () => {
  const cases = [
    [{ model: 'nope' }, /^error: model: unknown model "nope"/],
    [infusion({ doses: [{ route: 'intranasal', amount_mg: 28 }] }), /^error: doses\/0\/route: kamp2020 does not support "intranasal"/],
    [{ ...infusion(), model: 'fanta2015', doses: [{ route: 'sublingual', amount_mg: 28 }] }, /^error: doses\/0\/route: fanta2015 does not support "sublingual"/],
    [infusion({ doses: [{ route: 'oral', amount_mg: 28, duration_min: 10 }] }), /^error: doses\/0\/duration_min: only infusions have a duration/],
    [infusion({ doses: [{ route: 'iv_bolus', amount_mg: -5 }] }), /^error: doses\/0\/amount_mg: must be greater than 0/],
    [infusion({ times_min: [0, 20, 10] }), /^error: times_min\/2: times must be in increasing order/],
    [infusion({ times_min: [-1, 0] }), /^error: times_min\/0: must be 0 or later/],
    [infusion({ patient: {} }), /^error: patient\/weight_kg: is required/],
    [infusion({ doses: [{ route: 'iv_infusion', amount_mg: 35 }] }), /^error: doses\/0\/duration_min: is required/],
  ];
  for (const [request, message] of cases) {
    const result = simulate(request);
    assert.equal(result.status, 2, JSON.stringify(request));
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  }
  const broken = spawnSync(BIN, ['pk', 'simulate', '--input', '-'], { input: '{', encoding: 'utf8' });
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not valid JSON/);
});
