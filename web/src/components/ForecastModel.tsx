// The clinic's forecast model on the Outcomes page: how good it is out of sample (cross-validated
// AUC and Brier score, calibration by deciles), its coefficients, and the published-evidence
// forecast on the same points beside it; or why there is no model yet. Method: docs/outcomes.md.
import { useEffect, useState } from 'preact/hooks';
import { problemText, StaffUser } from '../api';
import { ForecastModelReport, outcomesApi } from '../api/outcomes';
import { percent } from '../format';
import { shown } from './ClinicMeasures';

const FEATURES: Record<string, string> = {
  intercept: 'Intercept',
  drop_latest: 'Drop from baseline, latest (odds ratio per 10 points)',
  drop_first: 'Drop from baseline, first assessed session (odds ratio per 10 points)',
  baseline_total: 'Baseline total (points)',
  sessions_so_far: 'Sessions so far',
};

const fixed = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : x.toFixed(digits));
// Odds ratios span orders of magnitude on a small clinic's data: three significant figures.
const ratio = (x: number) => (x >= 1000 || x < 0.01 ? x.toExponential(1) : x.toPrecision(3));
// The drops are fractions in the model; an odds ratio per 10 percentage points reads better.
const perUnit = (feature: string) => (feature.startsWith('drop_') ? 0.1 : 1);

export function ForecastModel({ instrument, user }: { instrument: string; user: StaffUser }) {
  const [report, setReport] = useState<ForecastModelReport | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    outcomesApi.forecastModel(instrument).then(setReport, (e) => setError(problemText(e)));
  }, [instrument]);
  const refit = async () => {
    setBusy(true);
    try {
      setReport(await outcomesApi.refitForecast(instrument));
      setError('');
    } catch (e) {
      setError(problemText(e));
    }
    setBusy(false);
  };
  if (error) return <div class="card"><p class="error" role="alert">{error}</p></div>;
  if (!report) return null;
  const m = report.model;
  return (
    <div class="card" aria-label="Early-response forecast model">
      <div class="page-head">
        <h2>Early-response forecast</h2>
        {user.permissions.includes('refit_forecast') && (
          <button type="button" class="secondary" onClick={refit} disabled={busy}>{busy ? 'Refitting…' : 'Refit now'}</button>
        )}
      </div>
      <p class="muted">
        Fitted {new Date(report.fitted_at).toLocaleString()}; refitted each night. {shown(report.completed_courses)} completed courses
        with an end-of-induction assessment; the clinic model needs {report.min_training_courses}.
      </p>
      {!m && <p data-testid="forecast-basis">Forecasts rest on the published evidence: {report.reason}.</p>}
      {m && (
        <>
          <p data-testid="forecast-basis">
            Forecasts rest on this clinic's model: {m.training_courses} courses, {m.training_rows} forecast points. Out of sample ({m.cv_folds}-fold
            cross-validation by course, on {m.cv_rows} of them): AUC <strong>{fixed(m.cv_auc)}</strong>, Brier score <strong>{fixed(m.cv_brier, 3)}</strong>. The
            published-evidence forecast on {m.published_comparison.rows} of the same points: AUC {fixed(m.published_comparison.auc)}, Brier{' '}
            {fixed(m.published_comparison.brier, 3)}.
          </p>
          <div class="columns">
            <table class="list" aria-label="Calibration">
              <caption>Calibration by deciles of the forecast</caption>
              <thead><tr><th scope="col">Forecast (mean)</th><th scope="col">Observed</th><th scope="col">Points</th></tr></thead>
              <tbody>
                {m.calibration.map((bin, i) => (
                  <tr key={i}><td>{percent(bin.predicted)}</td><td>{percent(bin.observed)}</td><td>{shown(bin.count)}</td></tr>
                ))}
              </tbody>
            </table>
            <table class="list" aria-label="Coefficients">
              <caption>Coefficients (cluster-robust standard errors by course)</caption>
              <thead><tr><th scope="col">Feature</th><th scope="col">Estimate (SE)</th><th scope="col">Odds ratio (95% CI)</th></tr></thead>
              <tbody>
                {m.coefficients.map((c) => (
                  <tr key={c.feature}>
                    <th scope="row">{FEATURES[c.feature] ?? c.feature.replace('protocol:', 'Protocol: ')}</th>
                    <td>{fixed(c.estimate)} ({fixed(c.standard_error)})</td>
                    <td>
                      {ratio(c.odds_ratio ** perUnit(c.feature))} ({ratio(c.odds_ratio_ci95[0] ** perUnit(c.feature))}–
                      {ratio(c.odds_ratio_ci95[1] ** perUnit(c.feature))})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <details>
        <summary>The published evidence</summary>
        <ul>
          {report.evidence.base_rates.map((b) => (
            <li key={b.id}>
              <a href={b.url} target="_blank" rel="noreferrer">{b.study}</a>: {b.responders} of {b.n} responded ({b.measured_on})
              {!b.n_verified && ' — sample size not verified at the source'}
            </li>
          ))}
          {report.evidence.rules.map((r) => (
            <li key={r.id}>
              <a href={r.url} target="_blank" rel="noreferrer">{r.study}</a>: {r.summary} {r.not_quantified && <span class="muted">({r.not_quantified})</span>}
            </li>
          ))}
        </ul>
      </details>
      <p class="muted small">Decision support: a forecast never decides whether a course goes on, and is not for comparing clinicians or choosing patients.</p>
    </div>
  );
}
