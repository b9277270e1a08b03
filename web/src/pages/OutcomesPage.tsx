// The clinic's own study: how many patients responded and remitted, how fast, for how long, by
// infusion number and by subgroup, beside the published trials (never mixed with them). A
// researcher sees the same page with every count from 1 to 10 withheld. Definitions and caveats:
// docs/outcomes.md (the caveats are on the page too).
import { useEffect, useState } from 'preact/hooks';
import { api, PatientBrief, problemText, StaffUser } from '../api';
import { OutcomeBlock, OutcomeReport, outcomesApi, PatientFigure, ReportProportion } from '../api/outcomes';
import { Cms159Card, interval, Safety, shown } from '../components/ClinicMeasures';
import { ForecastModel } from '../components/ForecastModel';
import { SurvivalChart } from '../components/SurvivalChart';
import { fullName, instrumentName, OUTCOME_INSTRUMENTS, percent } from '../format';
import { linkHandler } from '../router';

const STEPS: Record<string, string> = {
  registered: 'Registered',
  screened: 'Screened',
  eligible: 'Approved at sign-off',
  plan_confirmed: 'Plan confirmed',
  dosed: 'At least one dosing session',
  induction_completed: 'Induction course completed',
  with_baseline: 'With a baseline',
  with_follow_up: 'With a follow-up',
};
const EMPTY_QUERY = {
  instrument: 'phq9', baseline_from: '', baseline_to: '', indication: '', protocol: '', sex: '', age_band: '', treated_only: '', group_by: '',
  measurement_year: '',
};
type Query = typeof EMPTY_QUERY;
const queryString = (q: Query) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== '')).toString();

const days = (d: number | null) => (d === null ? '—' : `${Math.round(d * 10) / 10} days`);

function Share({ label, p }: { label: string; p: ReportProportion }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {p.count} of {p.denominator}
      </td>
      <td>{percent(p.rate)}</td>
      <td>{interval(p.ci95)}</td>
    </tr>
  );
}

const WHO: Record<PatientFigure, string> = {
  ever_response: 'Patients who responded',
  ever_remission: 'Patients who remitted',
  last_response: 'Patients in response at their last follow-up',
  no_response: 'Patients never in response',
};

function Patients({ query, figure }: { query: Query; figure: PatientFigure }) {
  const [items, setItems] = useState<(PatientBrief & { id: string })[] | null>(null);
  const [error, setError] = useState('');
  const show = () => outcomesApi.outcomePatients(query, figure).then(setItems, (e) => setError(problemText(e)));
  if (error) return <span class="error">{error}</span>;
  if (!items) {
    return (
      <button type="button" class="link" onClick={show}>
        Which patients?
      </button>
    );
  }
  return (
    <ul class="plain" aria-label={WHO[figure]}>
      {items.map((p) => (
        <li key={p.id}>
          <a href={`/patients/${p.id}`} onClick={linkHandler(`/patients/${p.id}`)}>
            {fullName(p)} (MRN {p.mrn})
          </a>
        </li>
      ))}
    </ul>
  );
}

function Block({ block, query, drill }: { block: OutcomeBlock; query: Query; drill: boolean }) {
  const t = block.time_to_response;
  const d = block.response_durability;
  return (
    <>
      <table class="list" aria-label="Response and remission">
        <thead>
          <tr>
            <th scope="col">Among {String(block.patients_with_follow_up)} patients with a baseline and a follow-up</th>
            <th scope="col">Patients</th>
            <th scope="col">Rate</th>
            <th scope="col">95% interval (Wilson)</th>
          </tr>
        </thead>
        <tbody>
          <Share label="Responded at any follow-up" p={block.ever_response} />
          <Share label="Remitted at any follow-up" p={block.ever_remission} />
          <Share label="In response at the last follow-up" p={block.last_response} />
        </tbody>
      </table>
      {drill && (
        <p class="muted">
          Responded: <Patients query={query} figure="ever_response" /> · Remitted: <Patients query={query} figure="ever_remission" /> · In
          response at the last follow-up: <Patients query={query} figure="last_response" /> · Never in response:{' '}
          <Patients query={query} figure="no_response" />
        </p>
      )}
      <div class="charts">
        <section aria-label="Time to first response">
          <h3>Time to first response</h3>
          <p>
            Median {days(t.median_days)} (95% interval {days(t.median_ci95[0])} to {days(t.median_ci95[1])})
          </p>
          <SurvivalChart curve={t.curve} start={0} label="Responded" colour="#1f5f99" />
        </section>
        <section aria-label="Durability of response">
          <h3>Durability of response</h3>
          <p>
            Still in response at 28 days {percent(d.still_in_response.day_28)}, at 56 days {percent(d.still_in_response.day_56)}; median{' '}
            {days(d.median_days)}
          </p>
          <SurvivalChart curve={d.curve} start={1} label="Still in response" colour="#2e7d32" />
        </section>
      </div>
      <h3>Response by infusion number</h3>
      {block.by_session.length === 0 ? (
        <p class="muted">No follow-up assessment between dosing sessions yet.</p>
      ) : (
        <table class="list compact" aria-label="Response by infusion number">
          <thead>
            <tr>
              <th scope="col">After session</th>
              <th scope="col">Assessed</th>
              <th scope="col">In response</th>
              <th scope="col">Rate</th>
            </tr>
          </thead>
          <tbody>
            {block.by_session.map((s) => (
              <tr key={s.session}>
                <td>{s.session}</td>
                <td>{s.assessed}</td>
                <td>{s.in_response}</td>
                <td>
                  <span class="bar" style={{ width: `${(s.rate ?? 0) * 8}rem` }} /> {percent(s.rate)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// The report as CSV: the clinic's figures and the published ones, labelled, for a spreadsheet.
function csvOf(report: OutcomeReport): string {
  const cell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const rows: unknown[][] = [['source', 'measure', 'count', 'denominator', 'percent', 'ci95_lower', 'ci95_upper', 'citation']];
  const mine = (measure: string, p: ReportProportion) => rows.push(['this clinic', measure, p.count, p.denominator, p.rate === null ? '' : p.rate * 100, p.ci95[0] ?? '', p.ci95[1] ?? '', '']);
  mine('response (ever)', report.ever_response);
  mine('remission (ever)', report.ever_remission);
  mine('response (last follow-up)', report.last_response);
  for (const f of report.published) rows.push([f.study, `${f.measure} (${f.instrument})`, '', f.n ?? '', f.percent, '', '', f.citation]);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

function download(report: OutcomeReport) {
  const url = URL.createObjectURL(new Blob([csvOf(report)], { type: 'text/csv' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `outcomes-${report.instrument}.csv` });
  a.click();
  URL.revokeObjectURL(url);
}

export function OutcomesPage({ user }: { user: StaffUser }) {
  const [query, setQuery] = useState<Query>(EMPTY_QUERY);
  const [report, setReport] = useState<OutcomeReport | null>(null);
  const [protocols, setProtocols] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState('');
  const load = (q: Query) =>
    outcomesApi.outcomes(q).then(
      (r) => {
        setReport(r);
        setError('');
      },
      (e) => setError(problemText(e)),
    );
  useEffect(() => {
    load(query);
    api.protocols().then(setProtocols, () => setProtocols([]));
  }, []);
  const set = (name: keyof Query) => (e: Event) => setQuery({ ...query, [name]: (e.currentTarget as HTMLInputElement).value });
  const drill = user.permissions.includes('read_patients');
  const name = instrumentName(query.instrument);

  return (
    <section class="outcomes">
      <div class="page-head">
        <h1>Outcomes</h1>
        {report && (
          <div class="actions">
            <button type="button" class="secondary" onClick={() => download(report)}>
              Download CSV
            </button>
            <a class="button secondary" href={`/api/v1/reports/outcomes.pdf?${queryString(query)}`} target="_blank" rel="noopener">
              PDF
            </a>
            <button type="button" class="secondary" onClick={() => print()}>
              Print
            </button>
          </div>
        )}
      </div>
      <form
        class="card filters"
        aria-label="Which patients"
        onSubmit={(e) => {
          e.preventDefault();
          load(query);
        }}
      >
        <label>
          Instrument
          <select value={query.instrument} onChange={set('instrument')}>
            {OUTCOME_INSTRUMENTS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Baseline from
          <input type="date" value={query.baseline_from} onInput={set('baseline_from')} />
        </label>
        <label>
          Baseline to
          <input type="date" value={query.baseline_to} onInput={set('baseline_to')} />
        </label>
        <label>
          Indication (ICD-10 start)
          <input value={query.indication} placeholder="F33" size={6} onInput={set('indication')} />
        </label>
        <label>
          First protocol
          <select value={query.protocol} onChange={set('protocol')}>
            <option value="">any</option>
            {protocols.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sex at birth
          <select value={query.sex} onChange={set('sex')}>
            <option value="">any</option>
            {['female', 'male', 'intersex', 'unknown'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Age at baseline
          <select value={query.age_band} onChange={set('age_band')}>
            <option value="">any</option>
            {['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'].map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          Patients
          <select value={query.treated_only} onChange={set('treated_only')}>
            <option value="">treated or not</option>
            <option value="true">treated here only</option>
          </select>
        </label>
        <label>
          Compare by
          <select value={query.group_by} onChange={set('group_by')}>
            <option value="">no subgroups</option>
            <option value="protocol">protocol</option>
            <option value="indication">indication</option>
            <option value="sex">sex at birth</option>
            <option value="age_band">age band</option>
          </select>
        </label>
        <label>
          CMS159 year
          <input type="number" min={2000} max={2100} value={query.measurement_year} placeholder="last year" size={6} onInput={set('measurement_year')} />
        </label>
        <button type="submit">Show</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <aside class="notice caveats" aria-label="Read with care">
        Observational data from this clinic's own records: no control group, patients chosen by who came and stayed, and
        follow-up missing for some. The published trials differ in design, patients and instruments; they are shown beside
        the clinic's figures, never pooled with them.
        {report?.suppressed_small_cells && ' Counts from 1 to 10, and any rate that would reveal one, are withheld (CMS cell-size policy).'}
      </aside>
      {report && (
        <>
          <div class="card">
            <h2>
              {name}: {shown(report.patients_with_baseline)} patients with a baseline
            </h2>
            <Block block={report} query={query} drill={drill} />
          </div>
          <div class="card">
            <h2>Beside the published trials</h2>
            <table class="list" aria-label="Published trials">
              <thead>
                <tr>
                  <th scope="col">Study</th>
                  <th scope="col">Instrument</th>
                  <th scope="col">Measure</th>
                  <th scope="col">N</th>
                  <th scope="col">Figure</th>
                  <th scope="col">Design and source</th>
                </tr>
              </thead>
              <tbody>
                <tr class="ours">
                  <th scope="row">This clinic</th>
                  <td>{name}</td>
                  <td>response (any follow-up)</td>
                  <td>{shown(report.ever_response.denominator)}</td>
                  <td>{percent(report.ever_response.rate)}</td>
                  <td>observational, {interval(report.ever_response.ci95)}</td>
                </tr>
                {report.published.map((f) => (
                  <tr key={`${f.study}-${f.measure}`} class={f.instrument === query.instrument ? 'same-instrument' : ''}>
                    <th scope="row">{f.study}</th>
                    <td>{instrumentName(f.instrument)}</td>
                    <td title={f.definition}>{f.measure}</td>
                    <td>{f.n ?? '—'}</td>
                    <td>{f.percent}%</td>
                    <td>
                      {f.design}.{' '}
                      <a href={f.url} rel="noreferrer noopener" target="_blank">
                        {f.citation}
                      </a>
                      {f.read_at === 'secondary' && ' (figure from a secondary source)'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="card">
            <h2>Flow of patients</h2>
            <ol class="flow" aria-label="Flow of patients">
              {report.flow.map((s) => (
                <li key={s.step}>
                  <strong>{STEPS[s.step] ?? s.step}</strong>: {shown(s.count)}
                  {Object.keys(s.left).length > 0 && (
                    <span class="muted">
                      {' '}
                      · did not go on: {Object.entries(s.left).map(([why, n]) => `${why} ${shown(n)}`).join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </div>
          {report.groups.length > 0 && (
            <div class="card">
              <h2>Subgroups</h2>
              {report.log_rank && (
                <p>
                  Time to first response across the groups, log-rank test: χ² = {report.log_rank.chi_square.toFixed(2)}, {report.log_rank.df}{' '}
                  degree{report.log_rank.df === 1 ? '' : 's'} of freedom, p = {report.log_rank.p < 0.001 ? report.log_rank.p.toExponential(1) : report.log_rank.p.toFixed(3)}
                </p>
              )}
              {report.groups.map((g) => (
                <details key={g.key} class="group">
                  <summary>
                    {g.key}: {shown(g.patients_with_follow_up)} with a follow-up, responded {percent(g.ever_response.rate)}
                  </summary>
                  <Block block={g} query={query} drill={false} />
                </details>
              ))}
            </div>
          )}
          <ForecastModel instrument={query.instrument} user={user} />
          <Safety safety={report.safety} />
          <Cms159Card cms={report.cms159} />
        </>
      )}
    </section>
  );
}
