import { useEffect, useState } from 'preact/hooks';
import { api, AuditEntry } from '../api';
import { formatTime } from '../format';

export function AuditPage() {
  const [filters, setFilters] = useState({ patient_id: '', username: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');

  // The date inputs give local days; the API takes instants.
  const query = (cursor?: string) => ({
    patient_id: filters.patient_id.trim(),
    username: filters.username.trim(),
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
      (e) => setError(e.message),
    );
  };
  useEffect(() => search(), []);

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
      <h1>Audit trail</h1>
      <form class="card filters" onSubmit={search}>
        <label>Patient id<input value={filters.patient_id} onInput={set('patient_id')} /></label>
        <label>Username<input value={filters.username} onInput={set('username')} /></label>
        <label>From<input type="date" value={filters.from} onInput={set('from')} /></label>
        <label>To<input type="date" value={filters.to} onInput={set('to')} /></label>
        <button type="submit">Filter</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <table class="list" aria-label="Audit trail">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Outcome</th>
            <th>Patient</th>
            <th>From</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} class={e.outcome === 'denied' || e.outcome === 'failure' ? 'flag' : ''}>
              <td>{formatTime(e.at)}</td>
              <td>{e.username} <span class="muted">{e.role}</span></td>
              <td>{e.action}</td>
              <td>{e.outcome}</td>
              <td><code>{e.patient_id ?? ''}</code></td>
              <td>{e.client_address}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && <button type="button" class="secondary" onClick={more}>Show more</button>}
    </section>
  );
}
