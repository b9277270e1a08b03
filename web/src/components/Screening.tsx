// Eligibility screening on the chart: the intake (yes/no questions as ticks, numbers, choices),
// the result with every fired rule and its source, and the prescriber's sign-off, where each
// relative contraindication needs a written reason to be overridden.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, problemText, FieldProblem, IntakeQuestion, Patient, Screening as ScreeningRecord, StaffUser } from '../api';
import { formatTime } from '../format';

const PROTOCOLS: Record<string, string> = {
  iv_ketamine: 'IV ketamine',
  esketamine_nasal: 'Esketamine nasal spray',
  im_ketamine: 'IM ketamine',
  oral_ketamine: 'Oral / sublingual ketamine (KAP)',
};
const GROUPS: Record<string, string> = {
  psychiatric: 'Psychiatric history',
  medicines: 'Current medicines',
  medical: 'Medical history',
  pregnancy: 'Pregnancy and breastfeeding',
  baseline: 'Baseline',
};
const RESULT: Record<string, string> = {
  eligible: 'Eligible',
  needs_review: 'Needs review',
  not_eligible: 'Not eligible',
};

function IntakeForm({ patient, onDone }: { patient: Patient; onDone: () => void }) {
  const [questions, setQuestions] = useState<IntakeQuestion[]>([]);
  const [protocol, setProtocol] = useState('iv_ketamine');
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    api.intakeQuestions().then((qs) => {
      setQuestions(qs);
      // Ticks start unticked (= no); the chart's weight is offered, numbers and choices are typed.
      const start: Record<string, unknown> = {};
      for (const q of qs) if (q.type === 'yes_no') start[q.id] = false;
      if (patient.weight_kg !== null) start.weight_kg = patient.weight_kg;
      setAnswers(start);
    });
  }, [patient.id]);

  const set = (id: string, value: unknown) => setAnswers({ ...answers, [id]: value });
  const problemFor = (id: string) => problems.find((p) => p.field === `intake/${id}`)?.message;

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.screen(patient.id, protocol, answers);
      setProblems([]);
      setError('');
      onDone();
    } catch (e) {
      // Each answer's problem shows beside it; above the form, only what went wrong overall.
      setProblems(e instanceof ApiError ? e.errors : []);
      setError(e instanceof ApiError ? e.detail || e.title : String(e));
    }
  };

  const input = (q: IntakeQuestion) => {
    const value = answers[q.id];
    if (q.type === 'yes_no') {
      return (
        <label class="tick" key={q.id}>
          <input type="checkbox" checked={value === true} onChange={(e) => set(q.id, e.currentTarget.checked)} />
          {q.label}
        </label>
      );
    }
    const invalid = problemFor(q.id);
    return (
      <label key={q.id} class={invalid ? 'invalid' : ''}>
        {q.label}
        {q.unit && q.type === 'number' ? ` (${q.unit})` : ''}
        {q.required ? '' : ' — optional'}
        {q.type === 'number' ? (
          <input type="number" step="any" value={value === undefined ? '' : String(value)}
            onInput={(e) => set(q.id, e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />
        ) : (
          <select value={(value as string) ?? ''} onChange={(e) => set(q.id, e.currentTarget.value || undefined)}>
            <option value="">Choose…</option>
            {q.choices?.map((c) => <option value={c}>{c.replace(/_/g, ' ')}</option>)}
          </select>
        )}
        {invalid && <span class="field-error">{invalid}</span>}
      </label>
    );
  };

  return (
    <form class="intake" onSubmit={submit} aria-label="Screening intake">
      <label>
        Protocol
        <select value={protocol} onChange={(e) => setProtocol(e.currentTarget.value)}>
          {Object.entries(PROTOCOLS).map(([id, name]) => <option value={id}>{name}</option>)}
        </select>
      </label>
      <p class="muted">Tick what applies; an unticked box records “no”.</p>
      {Object.entries(GROUPS).map(([group, title]) => (
        <fieldset key={group}>
          <legend>{title}</legend>
          <div class="intake-grid">{questions.filter((q) => q.group === group).map(input)}</div>
        </fieldset>
      ))}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">Screen</button>
    </form>
  );
}

function SignOff({ screening, onDone }: { screening: ScreeningRecord; onDone: () => void }) {
  const relative = screening.fired.filter((r) => r.kind === 'relative');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const decide = async (decision: 'approve' | 'decline') => {
    try {
      const overrides = decision === 'approve' ? relative.map((r) => ({ rule_id: r.id, reason: reasons[r.id] ?? '' })) : [];
      await api.signOffScreening(screening.id, decision, overrides, note);
      onDone();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <form class="sign-off" aria-label="Sign-off" onSubmit={(e) => { e.preventDefault(); decide('approve'); }}>
      {relative.map((rule) => (
        <label key={rule.id}>
          Reason to override {rule.id.replace(/_/g, ' ')}
          <input value={reasons[rule.id] ?? ''} onInput={(e) => setReasons({ ...reasons, [rule.id]: e.currentTarget.value })} />
        </label>
      ))}
      <label>
        Note
        <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" disabled={screening.eligibility === 'not_eligible'}>Approve</button>
        <button type="button" class="secondary" onClick={() => decide('decline')}>Decline</button>
      </div>
    </form>
  );
}

export function ScreeningCard({ patient, user, onChange }: { patient: Patient; user: StaffUser; onChange: () => void }) {
  const [screenings, setScreenings] = useState<ScreeningRecord[]>([]);
  const [adding, setAdding] = useState(false);
  const load = () => api.screenings(patient.id).then(setScreenings, () => setScreenings([]));
  useEffect(() => {
    load();
  }, [patient.id]);
  const changed = () => {
    setAdding(false);
    load();
    onChange();
  };

  return (
    <div class="card" aria-label="Eligibility screening">
      <div class="page-head">
        <h2>Eligibility screening</h2>
        {user.permissions.includes('screen_patients') && !adding && (
          <button type="button" class="secondary" onClick={() => setAdding(true)}>New screening</button>
        )}
      </div>
      {adding && <IntakeForm patient={patient} onDone={changed} />}
      {screenings.length === 0 && !adding && <p class="muted">Not screened yet.</p>}
      {screenings.map((s, index) => (
        <article class="screening" key={s.id} aria-label={`Screening ${PROTOCOLS[s.protocol] ?? s.protocol}`}>
          <p>
            <strong>{PROTOCOLS[s.protocol] ?? s.protocol}</strong>{' '}
            <span class={`badge result-${s.eligibility}`} data-testid="eligibility">{RESULT[s.eligibility]}</span>{' '}
            <span class="badge" data-testid="screening-status">{s.status.replace(/_/g, ' ')}</span>{' '}
            <small class="muted">{formatTime(s.screened_at)} by {s.screened_by}{s.signed_by ? `; signed by ${s.signed_by}` : ''}</small>
          </p>
          <ul class="fired">
            {s.fired.map((rule) => (
              <li key={rule.id} class={`rule-${rule.kind}`}>
                <strong>{rule.kind}</strong> {rule.message} <small class="muted">Source: {rule.source}</small>
                {s.overrides.filter((o) => o.rule_id === rule.id).map((o) => <div><em>Overridden: {o.reason}</em></div>)}
              </li>
            ))}
          </ul>
          {index === 0 && s.status === 'awaiting_sign_off' && user.permissions.includes('prescribe_doses') && (
            <SignOff screening={s} onDone={changed} />
          )}
        </article>
      ))}
    </div>
  );
}
