// Research export: the clinic's data with nobody in it (HIPAA Safe Harbor), for a researcher or a
// registry. The server makes the file; this page says what it holds, lets a researcher choose the
// data set and the format, and shows the file's k. Below the clinic's k the server refuses; only
// an admin may override, with a reason that goes into the audit trail.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, problemText, RESEARCH_TABLES, ResearchFile, StaffUser } from '../api';

const TABLE_NAMES: Record<string, string> = {
  patients: 'Patients',
  courses: 'Courses',
  sessions: 'Treatment sessions',
  assessments: 'Assessments',
  vital_signs: 'Vital-sign summaries',
};

export function ResearchExportPage({ user }: { user: StaffUser }) {
  const [dataSet, setDataSet] = useState('safe_harbor');
  const [format, setFormat] = useState('ndjson');
  const [table, setTable] = useState('patients');
  const [reason, setReason] = useState('');
  const [refused, setRefused] = useState('');
  const [error, setError] = useState('');
  const [file, setFile] = useState<(ResearchFile & { url: string }) | null>(null);
  const isAdmin = user.role === 'admin';

  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file]);

  const make = async (event: Event) => {
    event.preventDefault();
    setError('');
    setRefused('');
    setFile(null);
    try {
      const made = await api.researchExport({ format, table, dataSet, overrideReason: reason });
      const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      setFile({ ...made, url: URL.createObjectURL(new Blob([made.text], { type })) });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setRefused(e.detail);
      else setError(problemText(e, { override_reason: 'Reason' }));
    }
  };

  const rows = file ? file.text.trimEnd().split('\n').length - 1 : 0;
  return (
    <section>
      <h1>Research export</h1>
      <p class="hint">
        Patients, courses, treatment sessions, assessments and vital-sign summaries with none of the 18 HIPAA identifiers: research ids
        instead of names and record numbers, years instead of dates, ages over 89 as “90+”, no free text, no device ids. Every export is
        recorded in each patient's audit trail.
      </p>
      <form class="form" onSubmit={make} aria-label="Research export">
        <fieldset class="export-types">
          <legend>Data set</legend>
          <label class="checkbox">
            <input type="radio" name="data-set" checked={dataSet === 'safe_harbor'} onChange={() => setDataSet('safe_harbor')} /> De-identified
            (Safe Harbor)
          </label>
          <label class="checkbox">
            <input type="radio" name="data-set" checked={dataSet === 'limited'} onChange={() => setDataSet('limited')} /> Limited Data Set: adds
            days from each patient's first session
          </label>
        </fieldset>
        {dataSet === 'limited' && (
          <p class="warning" role="note">
            A Limited Data Set is not de-identified (45 CFR 164.514(e)): give it only under a data use agreement.
          </p>
        )}
        <fieldset class="export-types">
          <legend>Format</legend>
          <label class="checkbox">
            <input type="radio" name="format" checked={format === 'ndjson'} onChange={() => setFormat('ndjson')} /> NDJSON, every table
          </label>
          <label class="checkbox">
            <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV, one table
          </label>
          {format === 'csv' && (
            <label>
              Table
              <select value={table} onChange={(e) => setTable((e.target as HTMLSelectElement).value)}>
                {RESEARCH_TABLES.map((t) => (
                  <option key={t} value={t}>
                    {TABLE_NAMES[t]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        {refused && (
          <div class="warning" role="alert">
            <p>Not exported: {refused}.</p>
            {isAdmin ? (
              <label>
                Reason to export anyway (recorded in the audit trail)
                <textarea value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
              </label>
            ) : (
              <p>Ask an admin: only an admin may export below the clinic's limit, with a reason.</p>
            )}
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{refused && isAdmin ? 'Export anyway' : 'Make the export'}</button>
      </form>
      {file && (
        <p role="status">
          {file.dataSet === 'limited_data_set' ? 'Limited Data Set' : 'De-identified (Safe Harbor)'}: {rows} {rows === 1 ? 'row' : 'rows'}; the
          rarest kind of patient in it (birth decade, sex, diagnosis) is shared by {file.smallestGroup}.{' '}
          <a href={file.url} download={file.name}>
            Save {file.name}
          </a>
        </p>
      )}
    </section>
  );
}
