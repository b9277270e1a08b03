import { useEffect, useState } from 'preact/hooks';
import { api, Patient, StaffUser } from '../api';
import { ageOn, fullName } from '../format';
import { linkHandler } from '../router';

export function PatientListPage({ user }: { user: StaffUser }) {
  const [query, setQuery] = useState(new URLSearchParams(location.search).get('query') ?? '');
  const [patients, setPatients] = useState<Patient[] | null>(null);  // null until the first answer
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');

  // Search as the user types, after a short pause; a newer search replaces an older one.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api.searchPatients(query).then(
        (page) => {
          if (!current) return;
          setPatients(page.items);
          setNext(page.next_cursor);
          setError('');
        },
        (e) => current && setError(e.message),
      );
      history.replaceState(null, '', query ? `/patients?query=${encodeURIComponent(query)}` : '/patients');
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const loadMore = async () => {
    if (!next) return;
    const page = await api.searchPatients(query, next);
    setPatients([...(patients ?? []), ...page.items]);
    setNext(page.next_cursor);
  };

  return (
    <section>
      <div class="page-head">
        <h1>Patients</h1>
        {user.permissions.includes('create_patients') && (
          <a class="button" href="/patients/new" onClick={linkHandler('/patients/new')}>
            New patient
          </a>
        )}
      </div>
      <input
        type="search"
        class="search"
        placeholder="Search by name or MRN"
        aria-label="Search patients by name or MRN"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {error && <p class="error" role="alert">{error}</p>}
      <table class="list" aria-label="Patients">
        <thead>
          <tr>
            <th>Name</th>
            <th>MRN</th>
            <th>Born</th>
            <th>Diagnoses</th>
          </tr>
        </thead>
        <tbody>
          {(patients ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/patients/${p.id}`} onClick={linkHandler(`/patients/${p.id}`)}>
                  {fullName(p)}
                </a>
              </td>
              <td>{p.mrn}</td>
              <td>
                {p.birth_date} <span class="muted">({ageOn(p.birth_date)} y)</span>
              </td>
              <td>{p.diagnoses.map((d) => d.code).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {patients === null && !error && <p class="loading">Loading…</p>}
      {patients?.length === 0 && !error && <p class="muted">No patients match.</p>}
      {next && (
        <button type="button" class="secondary" onClick={loadMore}>
          Show more
        </button>
      )}
    </section>
  );
}
