// Import history: a clinic moving from another system or a spreadsheet brings its patients, past
// treatment sessions and assessments. The admin picks the files, checks them (nothing is written),
// then imports them: all or nothing, and a second import of the same files adds nothing. Every
// error the server finds is listed with its file, line and field.
import { useState } from 'preact/hooks';
import { api, ApiError, ImportCounts, problemText, StaffUser } from '../../api';
import { AdminNav } from './AdminNav';

const ROWS: [keyof ImportCounts, keyof ImportCounts | null, string][] = [
  ['patients', 'patients_already_here', 'Patients'],
  ['sessions', 'sessions_already_here', 'Treatment sessions'],
  ['assessments', 'assessments_already_here', 'Assessments'],
  ['vital_readings', null, 'Vital-sign readings'],
  ['adverse_events', null, 'Adverse events'],
];

export function ImportPage({ user }: { user: StaffUser }) {
  const [format, setFormat] = useState<'fhir' | 'csv'>('csv');
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [counts, setCounts] = useState<ImportCounts | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const choose = async (event: Event) => {
    const list = Array.from((event.target as HTMLInputElement).files ?? []);
    setFiles(await Promise.all(list.map(async (f) => ({ name: f.name, text: await f.text() }))));
    setCounts(null);
    setErrors([]);
  };

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setErrors([]);
    try {
      setCounts(await api.importFiles(format, files, dryRun));
    } catch (e) {
      setCounts(null);
      setErrors(e instanceof ApiError && e.errors.length ? e.errors.map((p) => p.message) : [problemText(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <AdminNav user={user} current="/admin/import" />
      <h1>Import history</h1>
      <p class="hint">
        Patients, past treatment sessions and assessments from another system: CSV files laid out as the templates in docs/import
        (patients.csv, sessions.csv, assessments.csv), or FHIR R4 (a Bundle, or NDJSON as a bulk export writes it). Check first: nothing is
        written until you import, and then all or nothing. Patients the clinic already has (same MRN) are not added twice. Files larger than
        1 MB go through <code>plasticity import</code>.
      </p>
      <form class="form" aria-label="Import" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="export-types">
          <legend>Files</legend>
          <label class="checkbox">
            <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (spreadsheet)
          </label>
          <label class="checkbox">
            <input type="radio" name="format" checked={format === 'fhir'} onChange={() => setFormat('fhir')} /> FHIR R4
          </label>
          <label>
            Choose files
            <input type="file" multiple accept={format === 'csv' ? '.csv' : '.json,.ndjson'} onChange={choose} />
          </label>
        </fieldset>
        <div class="actions">
          <button type="button" disabled={busy || files.length === 0} onClick={() => run(true)}>
            Check the files
          </button>{' '}
          <button type="button" disabled={busy || files.length === 0 || !counts?.dry_run} onClick={() => run(false)}>
            Import
          </button>
        </div>
      </form>
      {errors.length > 0 && (
        <div class="error" role="alert">
          <p>Nothing was imported: {errors.length === 1 ? '1 error' : `${errors.length} errors`}.</p>
          <ul aria-label="Errors">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {counts && (
        <table>
          <caption>{counts.dry_run ? 'Checked: this is what the import will add' : 'Imported'}</caption>
          <thead>
            <tr>
              <th>Records</th>
              <th>{counts.dry_run ? 'To add' : 'Added'}</th>
              <th>Already here</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([added, known, label]) => (
              <tr key={added}>
                <td>{label}</td>
                <td>{counts[added] as number}</td>
                <td>{known ? (counts[known] as number) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
