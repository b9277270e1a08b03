// The early-response forecast beside a trajectory and on a plan at its futility review: the
// sentence with its interval and basis, and a click away the evidence or model behind it. Decision
// support: it never blocks or recommends; "not enough data" is said as such, never guessed.
import { useEffect, useState } from 'preact/hooks';
import { problemText } from '../api';
import { Forecast, ForecastBody, outcomesApi } from '../api/outcomes';

function Evidence({ f }: { f: ForecastBody }) {
  return (
    <>
      {f.base_rate && (
        <p>
          Base rate: <a href={f.base_rate.url} target="_blank" rel="noreferrer">{f.base_rate.study}</a>,{' '}
          {f.base_rate.responders} of {f.base_rate.n} responded{f.base_rate.measured_on !== f.instrument && ` (measured on ${f.base_rate.measured_on})`}
          {!f.base_rate.n_verified && <strong> — sample size not verified at the source</strong>}.
        </p>
      )}
      <ul class="forecast-rules" aria-label="Early-response rules">
        {f.rules.map((r) => (
          <li key={r.id} data-applies={r.applies}>
            <span class="badge">{r.applies ? 'used' : 'not used'}</span>{' '}
            <a href={r.url} target="_blank" rel="noreferrer">{r.study}</a>: {r.finding}. <span class="muted">{r.reason}</span>
            <div class="muted small">{r.summary}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ForecastCard({ patientId, instrument, refresh = 0 }: { patientId: string; instrument: string; refresh?: number }) {
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    outcomesApi.forecast(patientId, instrument).then(
      (f) => {
        setForecast(f);
        setError('');
      },
      (e) => setError(problemText(e)),
    );
  }, [patientId, instrument, refresh]);
  if (error) return <p class="error">{error}</p>;
  if (!forecast) return null;
  const clinic = forecast.basis === 'clinic_model';
  return (
    <div class="forecast" aria-label="Early-response forecast" data-basis={forecast.basis}>
      <p class={forecast.probability === null ? 'muted' : 'forecast-figure'} data-testid="forecast-message">{forecast.message}</p>
      <details>
        <summary>How this was worked out</summary>
        {clinic ? (
          <p>
            A logistic model fitted on {forecast.training_courses} completed courses in this clinic (refitted nightly; cross-validated
            AUC {forecast.model.cv_auc === null ? '—' : forecast.model.cv_auc.toFixed(2)}), reading the change from baseline after
            session {forecast.landmark_session}, the baseline score and the sessions so far (and the protocol, where the clinic has enough
            courses of more than one).
          </p>
        ) : (
          <p>
            The published evidence until this clinic has {forecast.model.min_training_courses} completed courses with an end-of-induction
            assessment (it has {forecast.model.completed_courses}).
          </p>
        )}
        {clinic && forecast.comparison && <p>Beside it, the published evidence: {forecast.comparison.message}</p>}
        <Evidence f={clinic && forecast.comparison ? forecast.comparison : forecast} />
        <p class="muted small">Decision support for the clinician, not a decision: many early non-responders still respond.</p>
      </details>
    </div>
  );
}
