// The chart's measurement-based-care section: a trajectory per instrument, the assessments with
// their classifications (answers on demand), clinician entry and "send link" for self-report.
import { useEffect, useState } from 'preact/hooks';
import qrcode from 'qrcode-generator';
import { api, Assessment, InstrumentDefinition, InstrumentSummary, optionsOf, problemText, StaffUser } from '../api';
import { formatTime } from '../format';
import { ForecastCard } from './ForecastCard';
import { TrajectoryChart } from './TrajectoryChart';

function Badges({ a }: { a: Assessment }) {
  const badges: [boolean | null | undefined, string, string][] = [
    [a.is_baseline, 'baseline', 'neutral'],
    [a.response, 'response', 'good'],
    [a.remission, 'remission', 'good'],
    [a.meaningful_change, 'meaningful change', 'good'],
    [a.relapse, 'relapse', 'bad'],
    [!a.complete, 'incomplete', 'neutral'],
  ];
  return (
    <>
      {badges.filter(([on]) => on).map(([, label, kind]) => <span class={`pill ${kind}`}>{label}</span>)}
      {a.flags.map((f) => <span class="pill bad">{f.replace(/_/g, ' ')}</span>)}
    </>
  );
}

function RecordForm({ patientId, instruments, onSaved }: { patientId: string; instruments: InstrumentSummary[]; onSaved: () => void }) {
  const [definition, setDefinition] = useState<InstrumentDefinition | null>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [error, setError] = useState('');

  const choose = async (id: string) => {
    setAnswers({});
    setError('');
    setDefinition(id ? await api.instrument(id) : null);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!definition) return;
    try {
      await api.recordAssessment(patientId, definition.id, answers);
      setDefinition(null);
      dispatchEvent(new Event('plasticity:alerts-changed'));
      onSaved();
    } catch (e) {
      setError(problemText(e));
    }
  };

  return (
    <form class="card" onSubmit={save} aria-label="Record an assessment">
      <h2>Record an assessment</h2>
      <label>
        Instrument
        <select name="instrument" value={definition?.id ?? ''} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {instruments.map((i) => <option value={i.id}>{i.name}</option>)}
        </select>
      </label>
      {definition && !definition.full_text && <p class="muted">Item labels only: {definition.licence}</p>}
      {definition?.items.map((item) => (
        <label class="item-row">
          <span>{item.text || item.label}</span>
          <select name={item.id} value={answers[item.id] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              const next = { ...answers };
              if (value === '') delete next[item.id];
              else next[item.id] = Number(value);
              setAnswers(next);
            }}>
            <option value="">—</option>
            {optionsOf(definition, item).map((o) => <option value={o.score}>{o.text === String(o.score) ? o.score : `${o.score} · ${o.text}`}</option>)}
          </select>
        </label>
      ))}
      {error && <p class="error" role="alert">{error}</p>}
      {definition && <button type="submit">Save {definition.id}</button>}
    </form>
  );
}

function SendLink({ patientId, instruments }: { patientId: string; instruments: InstrumentSummary[] }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [link, setLink] = useState<{ url: string; expires_at: string; emailed_to?: string } | null>(null);
  const [byEmail, setByEmail] = useState(false);
  const [error, setError] = useState('');
  const selfReport = instruments.filter((i) => i.rater === 'self');

  const send = async (event: Event) => {
    event.preventDefault();
    try {
      setLink(await api.createLink(patientId, chosen, byEmail));
      setError('');
    } catch (e) {
      setError(problemText(e));
    }
  };
  const qr = (url: string) => {
    const code = qrcode(0, 'M');
    code.addData(url);
    code.make();
    return code.createDataURL(4, 8);
  };

  return (
    <form class="card" onSubmit={send} aria-label="Send a self-report link">
      <h2>Send a self-report link</h2>
      <div class="checks">
        {selfReport.map((i) => (
          <label class="check">
            <input type="checkbox" name={`link_${i.id}`} checked={chosen.includes(i.id)}
              onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, i.id] : chosen.filter((c) => c !== i.id))} />
            {i.name}
          </label>
        ))}
      </div>
      <label class="check">
        <input type="checkbox" checked={byEmail} onChange={(e) => setByEmail(e.currentTarget.checked)} />
        Also e-mail it to the patient
      </label>
      <button type="submit" disabled={chosen.length === 0}>Create link</button>
      {error && <p class="error" role="alert">{error}</p>}
      {link && (
        <div class="link-result">
          <img src={qr(link.url)} alt="QR code of the link" width={180} height={180} />
          <div>
            <input readOnly value={link.url} data-testid="link-url" aria-label="Link for the patient" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="secondary" onClick={() => navigator.clipboard?.writeText(link.url)}>Copy</button>
            <p class="muted">Single use; expires {formatTime(link.expires_at)}.</p>
            {link.emailed_to && <p role="status">E-mailed to {link.emailed_to}.</p>}
          </div>
        </div>
      )}
    </form>
  );
}

export function Measurements({ patientId, user }: { patientId: string; user: StaffUser }) {
  const [instruments, setInstruments] = useState<InstrumentSummary[]>([]);
  const [assessments, setAssessments] = useState<Assessment[]>([]);
  const [definitions, setDefinitions] = useState<Record<string, InstrumentDefinition>>({});
  const mayRead = user.permissions.includes('read_assessments');
  const mayForecast = user.permissions.includes('read_forecast');

  const load = async () => {
    const all = await api.instruments();
    setInstruments(all);
    if (!mayRead) return;
    const list = await api.assessments(patientId);
    setAssessments(list);
    const ids = [...new Set(list.map((a) => a.instrument))];
    const loaded = await Promise.all(ids.map((id) => api.instrument(id)));
    setDefinitions(Object.fromEntries(loaded.map((d) => [d.id, d])));
  };
  useEffect(() => {
    load();
  }, [patientId]);

  const byInstrument = Object.keys(definitions).map((id) => {
    const summary = instruments.find((i) => i.id === id);
    return {
      definition: definitions[id],
      items: assessments.filter((a) => a.instrument === id),
      max: summary?.max_total ?? null,
      responseRule: summary?.response_rule ?? false,
    };
  });

  return (
    <section aria-label="Measurements">
      <h2 class="section-title">Measurements</h2>
      {mayRead && (
        <div class="columns">
          {byInstrument.filter((s) => s.max !== null && s.items.some((a) => a.total !== null)).map((s) => (
            <div class="card" key={s.definition.id}>
              <h3>{s.definition.name}</h3>
              <TrajectoryChart definition={s.definition} assessments={s.items} maxTotal={s.max as number} />
              {mayForecast && s.responseRule && <ForecastCard patientId={patientId} instrument={s.definition.id} refresh={assessments.length} />}
            </div>
          ))}
        </div>
      )}
      {mayRead && (
        <div class="card">
          <table class="list" aria-label="Assessments">
            <thead>
              <tr><th>When</th><th>Instrument</th><th>Score</th><th>Change</th><th>Status</th></tr>
            </thead>
            <tbody>
              {[...assessments].reverse().map((a) => (
                <tr key={a.id}>
                  <td>{formatTime(a.administered_at)}<div class="muted">{a.source.replace('_', ' ')}</div></td>
                  <td>{a.instrument}</td>
                  <td>
                    <strong>{a.total ?? '—'}</strong> {a.severity && <span class="muted">{a.severity.replace(/_/g, ' ')}</span>}
                    <details>
                      <summary>answers</summary>
                      <ul class="answers">
                        {Object.entries(a.answers).map(([item, score]) => (
                          <li>{definitions[a.instrument]?.items.find((i) => i.id === item)?.label ?? item}: {score}</li>
                        ))}
                      </ul>
                    </details>
                  </td>
                  <td>{a.change === null || a.change === undefined ? '—' : `${a.change > 0 ? '+' : ''}${a.change}${a.change_percent != null ? ` (${Math.round(a.change_percent)}%)` : ''}`}</td>
                  <td><Badges a={a} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {assessments.length === 0 && <p class="muted">No assessments yet.</p>}
        </div>
      )}
      <div class="columns">
        {user.permissions.includes('record_assessments') && <RecordForm patientId={patientId} instruments={instruments} onSaved={load} />}
        {user.permissions.includes('send_assessment_links') && <SendLink patientId={patientId} instruments={instruments} />}
      </div>
    </section>
  );
}
