// The audit trail as a compliance officer reads it: filter by patient MRN, staff member, action
// and days; device readings hidden unless asked for; each patient by name and MRN; the filtered
// trail exported as CSV.
import { useEffect, useState } from 'preact/hooks';
import { api, AuditEntry, problemText } from '../api';
import { formatTime, fullName } from '../format';

// The action families a reviewer filters by (a family matches every action under it).
const ACTIONS: [string, string][] = [
  ['', 'All actions'],
  ['patient', 'Patient records'],
  ['staff', 'Staff sign-in and sign-out'],
  ['session', 'Treatment sessions'],
  ['vitals', 'Vital signs'],
  ['alarm', 'Alarms'],
  ['assessment', 'Assessments'],
  ['link', 'Self-report links'],
  ['alert', 'Alerts'],
  ['screening', 'Screenings'],
  ['plan', 'Treatment plans'],
  ['appointment', 'Appointments'],
  ['calendar', 'Calendar'],
  ['therapy_note', 'Therapy notes'],
  ['monitoring_form', 'REMS monitoring forms'],
  ['permission.denied', 'Refused by role'],
  ['audit', 'Audit trail reads'],
];

export function AuditPage() {
  const [filters, setFilters] = useState({ mrn: '', username: '', action: '', from: '', to: '' });
  const [hideDevices, setHideDevices] = useState(true);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');

  // The date inputs give local days; the API takes instants.
  const query = (cursor?: string) => ({
    mrn: filters.mrn.trim(),
    username: filters.username.trim(),
    action: filters.action,
    hide_devices: String(hideDevices),
    from: filters.from ? new Date(`${filters.from}T00:00`).toISOString() : '',
    to: filters.to ? new Date(new Date(`${filters.to}T00:00`).getTime() + 86_400_000).toISOString() : '',
    cursor: cursor ?? '',
  });

  const search = (event?: Event) => {
    event?.preventDefault();
    api.audit(query()).then(
      (page) => {
        setEntries(page.items);
        setNext(page.next_cursor);
        setError('');
      },
      (e) => {
        setEntries([]);
        setNext(null);
        setError(problemText(e));
      },
    );
  };
  useEffect(() => search(), [hideDevices]);

  const more = async () => {
    if (!next) return;
    const page = await api.audit(query(next));
    setEntries([...entries, ...page.items]);
    setNext(page.next_cursor);
  };

  const set = (key: keyof typeof filters) => (e: Event) =>
    setFilters({ ...filters, [key]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section>
      <div class="page-head">
        <h1>Audit trail</h1>
        <a class="button" href={api.auditCsvUrl({ ...query(), cursor: '' })} download="audit-trail.csv">
          Export CSV
        </a>
      </div>
      <form class="card filters" onSubmit={search}>
        <label>
          Patient MRN<input value={filters.mrn} onInput={set('mrn')} />
        </label>
        <label>
          Username<input value={filters.username} onInput={set('username')} />
        </label>
        <label>
          Action
          <select value={filters.action} onChange={set('action')}>
            {ACTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From<input type="date" value={filters.from} onInput={set('from')} />
        </label>
        <label>
          To<input type="date" value={filters.to} onInput={set('to')} />
        </label>
        <label class="check">
          <input type="checkbox" checked={hideDevices} onChange={(e) => setHideDevices(e.currentTarget.checked)} />
          Hide readings from monitors
        </label>
        <button type="submit">Filter</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="list" aria-label="Audit trail">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Patient</th>
            <th scope="col">From</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} class={e.outcome === 'denied' || e.outcome === 'failure' ? 'flag' : ''}>
              <td>{formatTime(e.at)}</td>
              <td>
                {e.username} <span class="muted">{e.role}</span>
              </td>
              <td>{e.action}</td>
              <td>{e.outcome}</td>
              <td>
                {e.patient ? `${fullName(e.patient)} (MRN ${e.patient.mrn})` : e.patient_id ?? ''}
                {e.shown_patient_ids.length > 0 && <span class="muted"> {e.shown_patient_ids.length} patients shown</span>}
              </td>
              <td>{e.client_address}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" class="secondary" onClick={more}>
          Show more
        </button>
      )}
    </section>
  );
}
