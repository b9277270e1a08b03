// Open alerts for the care team, loud on every page until a clinician acknowledges each with a
// note. Polled so that an alert raised by a patient's link appears without a reload.
import { useEffect, useState } from 'preact/hooks';
import { api, Alert, problemText } from '../api';
import { formatTime, fullName } from '../format';
import { linkHandler } from '../router';

const POLL_MS = 20_000;

export function AlertBanner() {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState('');

  const load = () => api.openAlerts().then(setAlerts, () => undefined);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    addEventListener('plasticity:alerts-changed', load);
    return () => {
      clearInterval(timer);
      removeEventListener('plasticity:alerts-changed', load);
    };
  }, []);

  if (alerts.length === 0) return null;

  const acknowledge = async (alert: Alert, event: Event) => {
    event.preventDefault();
    try {
      await api.acknowledgeAlert(alert.id, notes[alert.id] ?? '');
      setError('');
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };

  return (
    <section class="alert-banner" role="alert" aria-label="Open alerts">
      <h2>⚠ {alerts.length === 1 ? '1 open alert needs' : `${alerts.length} open alerts need`} a clinician</h2>
      {error && <p>{error}</p>}
      {alerts.map((alert) => (
        <form class="alert-row" key={alert.id} onSubmit={(e) => acknowledge(alert, e)}>
          <div>
            <a href={`/patients/${alert.patient_id}`} onClick={linkHandler(`/patients/${alert.patient_id}`)}>
              {alert.patient ? `${fullName(alert.patient)} (${alert.patient.mrn})` : alert.patient_id}
            </a>
            <div>{alert.message}</div>
            <small>{formatTime(alert.created_at)}</small>
          </div>
          <input aria-label="What was done" placeholder="What was done (required)" value={notes[alert.id] ?? ''}
            onInput={(e) => setNotes({ ...notes, [alert.id]: e.currentTarget.value })} />
          <button type="submit">Acknowledge</button>
        </form>
      ))}
    </section>
  );
}
