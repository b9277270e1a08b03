// The SPRAVATO REMS Patient Monitoring Form of one session, as a nurse completes it: what the
// record already holds (times, dose, lot, the three blood pressures), the answers with what the
// chart suggests for each (the nurse confirms; a suggestion is never sent on its own), then the
// PDF and "Mark sent" once nothing is missing.
import { useEffect, useState } from 'preact/hooks';
import { api, BloodPressureReading, MonitoringForm, MonitoringFormAnswers, problemText, StaffUser } from '../api';
import { formatTime, fullName } from '../format';
import { linkHandler } from '../router';
import { sessionPath } from '../components/TreatmentSessions';

const YES_NO_FIELDS = [
  'vitals_acceptable_before',
  'vitals_acceptable_at_completion',
  'sedation',
  'dissociation',
  'respiratory_depression',
  'resolved_before_leaving',
] as const;
type YesNoField = (typeof YES_NO_FIELDS)[number];
const CLASSES = ['benzodiazepines', 'non_benzodiazepine_sedative_hypnotics', 'psychostimulants', 'maois', 'opioids'];

// What the nurse sees in the boxes: her answer, else the chart's suggestion.
function startingAnswers(form: MonitoringForm): MonitoringFormAnswers {
  const pick = <T,>(answer: T | null, suggestion: T | null) => (answer !== null ? answer : suggestion);
  const s = form.suggested;
  return {
    concomitant: { ...s.concomitant, ...form.concomitant },
    vitals_acceptable_before: pick(form.vitals_acceptable_before, s.vitals_acceptable_before),
    vitals_acceptable_at_completion: pick(form.vitals_acceptable_at_completion, s.vitals_acceptable_at_completion),
    ready_to_leave_minutes: pick(form.ready_to_leave_minutes, s.ready_to_leave_minutes),
    sedation: pick(form.sedation, s.sedation),
    dissociation: pick(form.dissociation, s.dissociation),
    respiratory_depression: pick(form.respiratory_depression, s.respiratory_depression),
    resolved_before_leaving: pick(form.resolved_before_leaving, s.resolved_before_leaving),
    monitoring_hcp: form.monitoring_hcp || s.monitoring_hcp,
  };
}

// Whether the saved form answers a field (a suggestion is shown only for an unanswered one).
function answered(form: MonitoringForm, field: string): boolean {
  if (field.startsWith('concomitant/')) return field.slice('concomitant/'.length) in form.concomitant;
  const value = (form as unknown as Record<string, unknown>)[field];
  return value !== null && value !== '';
}

function bp(reading: BloodPressureReading | null) {
  return reading ? `${reading.systolic}/${reading.diastolic} mmHg at ${formatTime(reading.at)}` : 'MISSING';
}

function YesNo({ label, value, onChange, basis, disabled }: {
  label: string;
  value: boolean | null;
  onChange: (v: boolean) => void;
  basis?: string;
  disabled: boolean;
}) {
  return (
    <fieldset class={`yes-no ${value === null ? 'missing' : ''}`}>
      <legend>{label}</legend>
      <label>
        <input type="radio" checked={value === true} disabled={disabled} onChange={() => onChange(true)} /> Yes
      </label>
      <label>
        <input type="radio" checked={value === false} disabled={disabled} onChange={() => onChange(false)} /> No
      </label>
      {basis && <span class="suggested">suggested from {basis}</span>}
    </fieldset>
  );
}

export function MonitoringFormPage({ sessionId, user }: { sessionId: string; user: StaffUser }) {
  const [form, setForm] = useState<MonitoringForm | null>(null);
  const [answers, setAnswers] = useState<MonitoringFormAnswers | null>(null);
  const [lot, setLot] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const canRun = user.permissions.includes('run_sessions');

  const load = () =>
    api.monitoringForm(sessionId).then(
      (f) => {
        setForm(f);
        setAnswers(startingAnswers(f));
      },
      (e) => setError(problemText(e)),
    );
  useEffect(() => {
    load();
  }, [sessionId]);

  if (error && !form) return <p class="error" role="alert">{error}</p>;
  if (!form || !answers) return <p class="loading">Loading…</p>;
  const readOnly = !canRun || form.submitted_at !== null;
  const basis = (field: string) => (answered(form, field) ? undefined : form.suggestion_basis[field]);
  const set = (change: Partial<MonitoringFormAnswers>) => setAnswers({ ...answers, ...change });

  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setError('');
      setMessage(done);
      await load();
    } catch (e) {
      setMessage('');
      setError(problemText(e));
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    act(() => api.recordSessionEvent(sessionId, { kind: 'monitoring_form', ...answers }), 'Answers saved');
  };
  // The lot comes from the controlled-substance account: the whole dose given, nothing wasted.
  const recordLot = (event: Event) => {
    event.preventDefault();
    act(
      () =>
        api.recordSessionEvent(sessionId, {
          kind: 'controlled_substance', lot_number: lot, dispensed_mg: form.dose_mg, administered_mg: form.dose_mg, wasted_mg: 0,
        }),
      'Lot recorded',
    );
  };

  const patient = form.patient ? `${fullName(form.patient)} (MRN ${form.patient.mrn})` : form.patient_id;
  return (
    <section>
      <p>
        <a href={sessionPath({ id: sessionId, patient_id: form.patient_id })} onClick={linkHandler(sessionPath({ id: sessionId, patient_id: form.patient_id }))}>
          ← Session record
        </a>
      </p>
      <div class="page-head">
        <h1>SPRAVATO REMS Patient Monitoring Form</h1>
        <span class="badge">{patient}</span>
      </div>
      <div class="card" aria-label="Form status" role="status">
        {form.submitted_at ? (
          <p>Marked sent {formatTime(form.submitted_at)}.</p>
        ) : form.complete ? (
          <p>Complete: print or upload it, then mark it sent{form.due_at && ` (due ${formatTime(form.due_at)})`}.</p>
        ) : (
          <>
            <p>
              <strong>{form.missing.length} items missing</strong>
              {form.due_at && ` · due ${formatTime(form.due_at)}`}
            </p>
            <ul data-testid="missing">
              {form.missing.map((m) => (
                <li key={m}>{form.labels[m] ?? m}</li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div class="card">
        <h2>From the session record</h2>
        <dl>
          <dt>First device</dt>
          <dd>{formatTime(form.first_device_at)}</dd>
          <dt>Dose administered</dt>
          <dd>{form.dose_mg} mg</dd>
          <dt>{form.labels.lot_number}</dt>
          <dd>{form.lot_number || 'MISSING'}</dd>
          <dt>{form.labels.completed_at}</dt>
          <dd>{form.completed_at ? formatTime(form.completed_at) : 'MISSING (the session is not discharged yet)'}</dd>
          <dt>Minutes of monitoring</dt>
          <dd>{form.total_monitoring_minutes ?? '—'}</dd>
          <dt>{form.labels.bp_before}</dt>
          <dd>{bp(form.bp_before)}</dd>
          <dt>{form.labels.bp_40_min}</dt>
          <dd>{bp(form.bp_40_min)}</dd>
          <dt>{form.labels.bp_at_completion}</dt>
          <dd>{bp(form.bp_at_completion)}</dd>
          <dt>Serious adverse events recorded</dt>
          <dd>{form.serious_adverse_events}</dd>
        </dl>
        <p class="muted">Blood pressures come from the chair's vitals; record a missing one there.</p>
        {!form.lot_number && !readOnly && (
          <form class="inline-form" onSubmit={recordLot}>
            <label>
              Lot number of the devices given
              <input required value={lot} onInput={(e) => setLot(e.currentTarget.value)} />
            </label>
            <button type="submit">Record lot</button>
          </form>
        )}
      </div>

      <form class="card rems-answers" aria-label="REMS answers" onSubmit={save}>
        <h2>Answers</h2>
        <fieldset>
          <legend>Concomitant medicines that may cause sedation or blood pressure changes</legend>
          {CLASSES.map((c) => (
            <YesNo
              key={c}
              label={form.labels[`concomitant/${c}`]}
              value={answers.concomitant[c] ?? null}
              basis={basis(`concomitant/${c}`)}
              disabled={readOnly}
              onChange={(v) => set({ concomitant: { ...answers.concomitant, [c]: v } })}
            />
          ))}
        </fieldset>
        {YES_NO_FIELDS.map((f: YesNoField) => (
          <YesNo key={f} label={form.labels[f]} value={answers[f]} basis={basis(f)} disabled={readOnly} onChange={(v) => set({ [f]: v })} />
        ))}
        <label>
          {form.labels.ready_to_leave_minutes}
          <input
            type="number"
            min="0"
            max="1440"
            step="1"
            disabled={readOnly}
            value={answers.ready_to_leave_minutes ?? ''}
            onInput={(e) => set({ ready_to_leave_minutes: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
          />
        </label>
        <label>
          {form.labels.monitoring_hcp}
          <input disabled={readOnly} value={answers.monitoring_hcp} onInput={(e) => set({ monitoring_hcp: e.currentTarget.value })} />
          {basis('monitoring_hcp') && <span class="suggested">suggested from {basis('monitoring_hcp')}</span>}
        </label>
        {!readOnly && <button type="submit">Save answers</button>}
      </form>

      <div class="card phase-buttons">
        <a class="button" href={`/api/v1/sessions/${sessionId}/monitoring-form.pdf`} target="_blank" rel="noreferrer">
          Open the PDF
        </a>
        {canRun && !form.submitted_at && (
          <button type="button" disabled={!form.complete} onClick={() => act(() => api.submitForm(sessionId), 'Marked sent')}>
            Mark sent
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
