// What a nurse records from a chair besides vitals: sedation (MOAA/S) and side effects or adverse
// events; dissociation is measured with CADSS-6 on the patient's chart (the instrument catalog).
import { useState } from 'preact/hooks';
import { api, problemText, TreatmentSession } from '../api';
import { linkHandler } from '../router';

const MOAAS = [
  [5, '5 · responds readily to name'],
  [4, '4 · lethargic response to name'],
  [3, '3 · responds only after name called loudly'],
  [2, '2 · responds only after mild prodding'],
  [1, '1 · responds only after painful stimulus'],
  [0, '0 · no response'],
] as const;

const EVENT_TYPES = ['nausea', 'vomiting', 'headache', 'dizziness', 'anxiety', 'hypertension', 'sedation', 'respiratory_depression', 'dissociation', 'other'];

export function ChairRecords({ session, onRecorded }: { session: TreatmentSession; onRecorded: () => void }) {
  const [moaas, setMoaas] = useState('5');
  const [type, setType] = useState('nausea');
  const [severity, setSeverity] = useState('mild');
  const [serious, setSerious] = useState(false);
  const [interventions, setInterventions] = useState('');
  const [message, setMessage] = useState('');

  const record = async (event: Record<string, unknown>, done: string) => {
    try {
      await api.recordSessionEvent(session.id, event);
      setMessage(done);
      onRecorded();
    } catch (e) {
      setMessage(problemText(e));
    }
  };

  return (
    <details class="chair-records">
      <summary>Record sedation, side effects, dissociation</summary>
      <div class="inline-form">
        <select aria-label={`MOAA/S (${session.chair})`} value={moaas} onChange={(e) => setMoaas(e.currentTarget.value)}>
          {MOAAS.map(([score, label]) => (
            <option value={score}>{label}</option>
          ))}
        </select>
        <button type="button" onClick={() => record({ kind: 'sedation', moaas: Number(moaas) }, `MOAA/S ${moaas} recorded`)}>
          Record MOAA/S
        </button>
      </div>
      <div class="inline-form">
        <select aria-label={`Side effect (${session.chair})`} value={type} onChange={(e) => setType(e.currentTarget.value)}>
          {EVENT_TYPES.map((t) => (
            <option value={t}>{t.replace('_', ' ')}</option>
          ))}
        </select>
        <select aria-label={`Severity (${session.chair})`} value={severity} onChange={(e) => setSeverity(e.currentTarget.value)}>
          <option value="mild">mild</option>
          <option value="moderate">moderate</option>
          <option value="severe">severe</option>
        </select>
        <label class="checkbox">
          <input type="checkbox" checked={serious} onChange={(e) => setSerious(e.currentTarget.checked)} /> serious
        </label>
      </div>
      <div class="inline-form">
        <input
          aria-label={`Interventions (${session.chair})`}
          placeholder="Interventions given"
          value={interventions}
          onInput={(e) => setInterventions(e.currentTarget.value)}
        />
        <button
          type="button"
          onClick={() =>
            record({ kind: 'adverse_event', type, severity, serious, interventions, description: type === 'other' ? interventions : '' }, `${type} recorded`)
          }
        >
          Record side effect
        </button>
      </div>
      <p>
        <a href={`/patients/${session.patient_id}`} onClick={linkHandler(`/patients/${session.patient_id}`)}>
          Record CADSS-6 on the chart
        </a>
      </p>
      {message && <p role="status">{message}</p>}
    </details>
  );
}
