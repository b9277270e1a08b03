// Patient messages waiting to go out: instructions and questionnaire reminders for booked
// appointments. Those due by the end of today that cannot be e-mailed (no address on file, or no
// relay set up) are the front desk's to send by hand: copy or print, then mark sent. Late ones say
// so. Marking a questionnaire reminder sent gives its link, once.
import { useEffect, useState } from 'preact/hooks';
import { api, OutboxMessage, problemText } from '../api';
import { endOfClinicToday } from '../clinicClock';
import { formatTime, fullName } from '../format';

export function MessagesPage() {
  const [messages, setMessages] = useState<OutboxMessage[] | null>(null);
  const [sent, setSent] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const load = () => api.outbox().then(setMessages, (e) => setError(problemText(e)));
  useEffect(() => {
    load();
  }, []);

  const markSent = async (m: OutboxMessage) => {
    try {
      const done = await api.markMessageSent(m.id);
      setSent({ ...sent, [m.id]: done.text });
      setError('');
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };
  const copy = (m: OutboxMessage) => navigator.clipboard?.writeText(m.text).then(() => undefined, () => undefined);
  const print = (m: OutboxMessage) => {
    const w = open('', '_blank', 'width=600,height=400');
    if (!w) return;
    w.document.title = 'Patient message';
    const p = w.document.createElement('p');
    p.textContent = `${m.patient ? fullName(m.patient) : ''}: ${m.text}`;
    w.document.body.append(p);
    w.print();
  };

  const endOfToday = endOfClinicToday();
  const due = (messages ?? []).filter((m) => Date.parse(m.send_after) <= endOfToday);
  const byHand = due.filter((m) => !m.email_on_file);
  const byEmail = due.filter((m) => m.email_on_file);
  const table = (rows: OutboxMessage[], label: string, manual: boolean) => (
    <table class="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Send by</th>
          <th scope="col">Patient</th>
          <th scope="col">Message</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id} class={m.late ? 'flag' : ''}>
            <td>
              {formatTime(m.send_after)}
              {m.late && <strong> · LATE</strong>}
            </td>
            <td>{m.patient ? `${fullName(m.patient)} (MRN ${m.patient.mrn})` : m.patient_id}</td>
            <td>{m.text}</td>
            <td class="row-actions">
              {manual && (
                <>
                  <button type="button" class="secondary" onClick={() => copy(m)}>
                    Copy
                  </button>
                  <button type="button" class="secondary" onClick={() => print(m)}>
                    Print
                  </button>
                </>
              )}
              <button type="button" onClick={() => markSent(m)}>
                Mark sent
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section>
      <h1>Patient messages</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {Object.entries(sent).map(([id, text]) => (
        <p class="notice" role="status" key={id}>
          Sent: {text}
        </p>
      ))}
      {messages === null && <p class="loading">Loading…</p>}
      <h2>To send by hand today ({byHand.length})</h2>
      <p class="muted">No e-mail address on file: call, text or hand these over, then mark them sent.</p>
      {byHand.length > 0 && table(byHand, 'To send by hand today', true)}
      <h2>Going out by e-mail ({byEmail.length})</h2>
      <p class="muted">
        E-mailed automatically when due, once the clinic's mail relay is set up (docs/operations.md); one still listed after its
        time has not gone out.
      </p>
      {byEmail.length > 0 && table(byEmail, 'Going out by e-mail', false)}
    </section>
  );
}
