// The clinic-wide measures on the Outcomes page: CMS159 for a measurement year and safety across
// every dosed session; and the small formatters the page shares with them (a withheld count
// arrives as "< 11" and is shown as it is).
import { Count, OutcomeReport, PerHundred, SafetySummary } from '../api/outcomes';
import { percent } from '../format';

export const interval = (ci: [number | null, number | null]) => (ci[0] === null ? '—' : `${percent(ci[0])} – ${percent(ci[1])}`);
export const shown = (n: Count) => String(n);
const rate = (p: PerHundred) => `${shown(p.count)} (${p.per_100_sessions === null ? '—' : p.per_100_sessions.toFixed(1)} per 100 sessions)`;

export function Cms159Card({ cms }: { cms: OutcomeReport['cms159'] }) {
  return (
    <div class="card">
      <h2>
        {cms.measure}, {cms.measurement_year}
      </h2>
      <p>
        Index PHQ-9 above 9 between {cms.identification_period.from} and the day before {cms.identification_period.until}; remission is
        the most recent PHQ-9 below 5 at twelve months (± 60 days).
      </p>
      <table class="list compact" aria-label="CMS159">
        <tbody>
          <tr>
            <th scope="row">Initial population</th>
            <td>{shown(cms.initial_population)}</td>
          </tr>
          <tr>
            <th scope="row">Excluded (bipolar, psychotic, labile personality or pervasive developmental disorder)</th>
            <td>{shown(cms.excluded)}</td>
          </tr>
          <tr>
            <th scope="row">Remission at twelve months</th>
            <td>
              {shown(cms.count)} of {shown(cms.denominator)} · {percent(cms.rate)} ({interval(cms.ci95)})
            </td>
          </tr>
          {cms.strata.map((s) => (
            <tr key={s.ages}>
              <th scope="row">Ages {s.ages}</th>
              <td>
                {shown(s.numerator)} of {shown(s.denominator)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">The chart does not record {cms.not_recorded.join(', ')}: exclude those patients yourself before reporting.</p>
    </div>
  );
}

// Alarms or adverse events: what, how severe, how many, per 100 dosed sessions.
function CountTable({ label, what, verb, rows }: { label: string; what: string; verb: string; rows: { name: string; severity: string; counted: PerHundred }[] }) {
  return (
    <table class="list compact" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col">Severity</th>
          <th scope="col">{verb} (per 100 sessions)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.name}-${r.severity}`}>
            <td>{r.name.replace(/_/g, ' ')}</td>
            <td>{r.severity}</td>
            <td>{rate(r.counted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Safety across every dosed session of the clinic (the filters above do not apply).
export function Safety({ safety }: { safety: SafetySummary }) {
  return (
    <div class="card">
      <h2>Safety across the clinic</h2>
      <p>
        {shown(safety.sessions_dosed)} dosed sessions; aborted {rate(safety.sessions_aborted)}; an SBP above 180 recorded in{' '}
        {rate(safety.sessions_sbp_over_180)}; serious adverse events {rate(safety.serious_adverse_events)}.
      </p>
      <div class="charts">
        <CountTable
          label="Alarms"
          what="Alarm"
          verb="Raised"
          rows={safety.alarms.map((a) => ({ name: a.rule_id, severity: a.severity, counted: a }))}
        />
        <CountTable
          label="Adverse events"
          what="Adverse event"
          verb="Recorded"
          rows={safety.adverse_events.map((e) => ({ name: e.type, severity: e.severity, counted: e }))}
        />
        <table class="list compact" aria-label="Sedation scores">
          <thead>
            <tr>
              <th scope="col">MOAA/S</th>
              <th scope="col">Times recorded</th>
            </tr>
          </thead>
          <tbody>
            {safety.sedation_scores.map((s) => (
              <tr key={s.moaas}>
                <td>{s.moaas}</td>
                <td>{shown(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

