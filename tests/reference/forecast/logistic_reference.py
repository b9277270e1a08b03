"""Reference figures for src/outcomes/logistic.h: a cohort drawn from a known logistic truth,
fitted by statsmodels' Logit (maximum likelihood, cluster-robust covariance by course, its default
small-sample correction), with scipy's Mann-Whitney AUC and the Brier score of the fitted
probabilities.

Run (Debian: python3-statsmodels, which brings numpy and scipy):
  /usr/bin/python3 logistic_reference.py
It writes logistic_cohort.csv (the data) and logistic_reference.json (the truth and the fit).
The C++ tests read both: the coefficients and standard errors must agree to 1e-6, and the truth
must lie within three standard errors of each fitted coefficient.
"""
import json

import numpy as np
import statsmodels.api as sm
from scipy.stats import mannwhitneyu

rng = np.random.default_rng(20261203)
# Features as the forecast uses them: the drop from baseline now and after the first session
# (fractions), the baseline total, the sessions so far, one protocol indicator.
names = ["intercept", "drop_latest", "drop_first", "baseline_total", "sessions_so_far", "protocol:b"]
truth = np.array([-1.2, 4.0, 1.5, -0.06, 0.15, -0.5])

courses = 400
rows = []
for course in range(courses):
    baseline = rng.integers(10, 28)
    protocol_b = rng.integers(0, 2)
    first = rng.normal(0.15, 0.2)
    for session in range(1, rng.integers(1, 6) + 1):
        latest = first + rng.normal(0.05 * session, 0.15)
        x = np.array([1.0, latest, first, baseline, session, protocol_b])
        y = rng.binomial(1, 1 / (1 + np.exp(-x @ truth)))
        rows.append((course, y, *x[1:]))

data = np.array(rows, dtype=float)
cluster = data[:, 0].astype(int)
y = data[:, 1]
X = np.column_stack([np.ones(len(data)), data[:, 2:]])
fit = sm.Logit(y, X).fit(method="newton", tol=1e-14, maxiter=200, disp=False,
                         cov_type="cluster", cov_kwds={"groups": cluster})
p = fit.predict(X)
u = mannwhitneyu(p[y == 1], p[y == 0]).statistic
auc = u / ((y == 1).sum() * (y == 0).sum())

with open("logistic_cohort.csv", "w") as out:
    out.write("course,outcome," + ",".join(names[1:]) + "\n")
    for row in rows:
        out.write(",".join(repr(float(v)) if i > 1 else str(int(v)) for i, v in enumerate(row)) + "\n")

with open("logistic_reference.json", "w") as out:
    json.dump({
        "features": names,
        "truth": truth.tolist(),
        "rows": len(rows),
        "courses": courses,
        "coefficients": fit.params.tolist(),
        "standard_errors": fit.bse.tolist(),
        "covariance": fit.cov_params().tolist(),
        "auc": float(auc),
        "brier": float(np.mean((p - y) ** 2)),
        "statsmodels": sm.__version__,
    }, out, indent=1)
