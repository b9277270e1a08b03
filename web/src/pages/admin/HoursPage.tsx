// Who works when: each clinician's weekly hours, which the calendar checks a booking against
// (and esketamine's "prescriber on site"). One line per day worked, "08:00-17:00"; a blank day is
// a day off.
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, RotaEntry, StaffUser } from '../../api';
import { AdminNav } from './AdminNav';

const DAYS: [string, string][] = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
];

// "08:00-12:00, 13:00-17:00" for a day's intervals, and back.
const dayText = (entry: RotaEntry, day: string) =>
  entry.hours.filter((h) => h.weekday === day).map((h) => `${h.start}-${h.end}`).join(', ');

function parseDay(day: string, text: string): { weekday: string; start: string; end: string }[] | null {
  if (text.trim() === '') return [];
  const parts = text.split(',').map((p) => /^\s*(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s*$/.exec(p));
  return parts.every(Boolean) ? parts.map((m) => ({ weekday: day, start: m![1], end: m![2] })) : null;
}

function StaffHours({ entry, onSaved }: { entry: RotaEntry; onSaved: (text: string) => void }) {
  const [days, setDays] = useState<Record<string, string>>(Object.fromEntries(DAYS.map(([d]) => [d, dayText(entry, d)])));
  const [error, setError] = useState('');
  const save = async (event: Event) => {
    event.preventDefault();
    const parsed = DAYS.map(([d, label]) => [label, parseDay(d, days[d])] as const);
    const bad = parsed.filter(([, p]) => p === null).map(([label]) => label);
    if (bad.length) return setError(`Write ${bad.join(', ')} as 08:00-17:00 (several separated by commas), or leave it blank.`);
    try {
      await api.setHours(entry.staff_id, parsed.flatMap(([, p]) => p!));
      setError('');
      onSaved(`Hours of ${entry.username} saved.`);
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <tr>
      <th scope="row">
        {entry.username} <span class="muted">{entry.role.replace('_', ' ')}</span>
      </th>
      {DAYS.map(([d, label]) => (
        <td key={d}>
          <input
            aria-label={`${label} hours of ${entry.username}`}
            value={days[d]}
            placeholder="off"
            size={11}
            onInput={(e) => setDays({ ...days, [d]: e.currentTarget.value })}
          />
        </td>
      ))}
      <td>
        <form onSubmit={save}>
          <button type="submit" aria-label={`Save the hours of ${entry.username}`}>
            Save
          </button>
        </form>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

export function HoursPage({ user }: { user: StaffUser }) {
  const [rota, setRota] = useState<RotaEntry[]>([]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    api.rota().then((all) => setRota(all.filter((s) => ['prescriber', 'nurse', 'therapist'].includes(s.role))), (e) => setMessage(problemText(e)));
  }, []);
  return (
    <section>
      <AdminNav user={user} current="/admin/hours" />
      <h1>Working hours</h1>
      {message && <p role="status" class="notice">{message}</p>}
      <table class="list" aria-label="Working hours">
        <thead>
          <tr>
            <th scope="col">Staff</th>
            {DAYS.map(([d, label]) => (
              <th scope="col" key={d}>
                {label}
              </th>
            ))}
            <th scope="col">
              <span class="visually-hidden">Save</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rota.map((entry) => (
            <StaffHours key={entry.staff_id} entry={entry} onSaved={setMessage} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
