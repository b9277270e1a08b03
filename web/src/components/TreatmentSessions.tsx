// The chart's treatment sessions, newest first: when, what was given, how it ended, and whether
// anything happened (alarms, adverse events). Each opens the session's whole record.
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, SessionHistoryEntry } from '../api';
import { formatTime, phaseLabel } from '../format';
import { linkHandler } from '../router';

// "12 Mar 2029, 10:00 · IV ketamine · 35 mg", for lists and pickers.
export function sessionLabel(s: SessionHistoryEntry): string {
  return `${formatTime(s.scheduled_at)} · ${s.protocol_name ?? s.protocol} · ${s.dose.dose_mg} mg`;
}

export function sessionPath(s: { id: string; patient_id: string }): string {
  return `/patients/${encodeURIComponent(s.patient_id)}/sessions/${encodeURIComponent(s.id)}`;
}

// The REMS monitoring form of a session.
export function monitoringFormPath(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}/monitoring-form`;
}

export function TreatmentSessions({ patientId }: { patientId: string }) {
  const [sessions, setSessions] = useState<SessionHistoryEntry[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.patientSessions(patientId).then(setSessions, (e) => setError(problemText(e)));
  }, [patientId]);
  return (
    <section class="card" aria-label="Treatment sessions">
      <h2>Treatment sessions</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {sessions?.length === 0 && <p class="muted">No treatment sessions yet.</p>}
      {sessions && sessions.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Scheduled</th>
              <th scope="col">Protocol</th>
              <th scope="col">Chair</th>
              <th scope="col">Dose</th>
              <th scope="col">Phase</th>
              <th scope="col">Ended</th>
              <th scope="col">Alarms</th>
              <th scope="col">Adverse events</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={sessionPath(s)} onClick={linkHandler(sessionPath(s))}>
                    {formatTime(s.scheduled_at)}
                  </a>
                </td>
                <td>{s.protocol_name ?? s.protocol}</td>
                <td>{s.chair}</td>
                <td>{s.dose.dose_mg} mg</td>
                <td>{phaseLabel(s.phase)}</td>
                <td>{s.ended_at ? formatTime(s.ended_at) : '—'}</td>
                <td class={s.critical_alarm_count > 0 ? 'abnormal' : ''}>
                  {s.alarm_count}
                  {s.critical_alarm_count > 0 && ` (${s.critical_alarm_count} critical)`}
                </td>
                <td class={s.serious_adverse_event_count > 0 ? 'abnormal' : ''}>
                  {s.adverse_event_count}
                  {s.serious_adverse_event_count > 0 && ` (${s.serious_adverse_event_count} serious)`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
