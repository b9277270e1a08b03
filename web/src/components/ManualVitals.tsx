// Vital signs entered by hand (pre-dose vitals, or a chair without a connected monitor).
import { useState } from 'preact/hooks';
import { api, problemText, TreatmentSession } from '../api';

const FIELDS: [string, string, string][] = [
  ['sbp', 'SBP', 'mm[Hg]'],
  ['dbp', 'DBP', 'mm[Hg]'],
  ['hr', 'HR', '/min'],
  ['spo2', 'SpO₂', '%'],
];

export function ManualVitals({ session, onRecorded }: { session: TreatmentSession; onRecorded: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const at = new Date().toISOString();
    const readings = FIELDS.filter(([kind]) => (values[kind] ?? '').trim() !== '').map(([kind, , unit]) => ({
      kind,
      value: Number(values[kind]),
      unit,
      at,
    }));
    try {
      const result = await api.recordVitals(session.id, readings);
      setValues({});
      setMessage(`${result.stored} readings recorded`);
      onRecorded();
    } catch (e) {
      setMessage(problemText(e));
    }
  };
  return (
    <form class="manual-vitals" onSubmit={submit}>
      {FIELDS.map(([kind, label]) => (
        <label key={kind}>
          {label}
          <input
            inputMode="decimal"
            aria-label={`${label} (${session.chair})`}
            value={values[kind] ?? ''}
            onInput={(e) => setValues({ ...values, [kind]: e.currentTarget.value })}
          />
        </label>
      ))}
      <button type="submit">Record vitals</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
