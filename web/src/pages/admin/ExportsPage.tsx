// Data exports: the clinic's records as FHIR R4 NDJSON (Bulk Data export) for a data warehouse, a
// health system or a move to another system. The export runs on the server; this page starts it,
// shows its progress, lists its files to download, and removes them (they also expire a day after
// the export finished). Every patient exported is named in the audit trail.
import { useEffect, useState } from 'preact/hooks';
import { api, EXPORT_TYPE_NAMES, EXPORT_TYPES, ExportState, problemText, StaffUser } from '../../api';
import { formatTime } from '../../format';
import { AdminNav } from './AdminNav';

const KEPT = 'plasticity:export-status';

export function ExportsPage({ user }: { user: StaffUser }) {
  const [types, setTypes] = useState<string[]>(EXPORT_TYPES);
  const [since, setSince] = useState('');
  const [status, setStatus] = useState<string | null>(localStorage.getItem(KEPT));
  const [state, setState] = useState<ExportState | null>(null);
  const [error, setError] = useState('');

  const forget = () => {
    localStorage.removeItem(KEPT);
    setStatus(null);
    setState(null);
  };

  // Polls the running export each second until its manifest arrives.
  useEffect(() => {
    if (!status) return;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await api.exportState(status);
        if (stopped) return;
        setState(next);
        if (next.running) setTimeout(poll, 1000);
      } catch (e) {
        if (stopped) return;
        setError(problemText(e));
        forget();
      }
    };
    poll();
    return () => {
      stopped = true;
    };
  }, [status]);

  const start = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      const location = await api.startExport(types, since ? new Date(since).toISOString() : '');
      localStorage.setItem(KEPT, location);
      setState(null);
      setStatus(location);
    } catch (e) {
      setError(problemText(e, { _type: 'Records', _since: 'Changed since' }));
    }
  };

  const remove = async () => {
    if (status) {
      try {
        await api.cancelExport(status);
      } catch (e) {
        setError(problemText(e));
      }
    }
    forget();
  };

  const toggle = (type: string) => setTypes(types.includes(type) ? types.filter((t) => t !== type) : EXPORT_TYPES.filter((t) => types.includes(t) || t === type));

  return (
    <section>
      <AdminNav user={user} current="/admin/exports" />
      <h1>Data exports</h1>
      <p class="hint">
        Every patient's records as FHIR R4 (one NDJSON file per record type, 10,000 records a file), for a data warehouse, a referring
        health system or a move to another system. The files identify patients: keep them as you keep the chart.
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      {!status && (
        <form class="form" onSubmit={start} aria-label="New export">
          <fieldset class="export-types">
            <legend>Records</legend>
            {EXPORT_TYPES.map((type) => (
              <label key={type} class="checkbox" title={`FHIR ${type}`}>
                <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} /> {EXPORT_TYPE_NAMES[type]}
              </label>
            ))}
          </fieldset>
          <label class="export-since">
            Changed since (optional)
            <input type="datetime-local" value={since} onInput={(e) => setSince((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={types.length === 0}>
            Start export
          </button>
        </form>
      )}
      {status && state?.running !== false && (
        <p role="status">
          Exporting… {state?.running ? state.progress : ''}{' '}
          <button type="button" onClick={remove}>
            Cancel
          </button>
        </p>
      )}
      {state && !state.running && (
        <div>
          <p role="status">
            Export of {formatTime(state.manifest.transactionTime)} finished: {state.manifest.output.reduce((n, o) => n + o.count, 0)} records. The
            files are removed {formatTime(state.expires)}.
          </p>
          <table>
            <caption>Files</caption>
            <thead>
              <tr>
                <th>Records of</th>
                <th>Records</th>
                <th>File</th>
              </tr>
            </thead>
            <tbody>
              {state.manifest.output.map((o) => (
                <tr key={o.url}>
                  <td>
                    {EXPORT_TYPE_NAMES[o.type]} <small class="hint">{o.type}</small>
                  </td>
                  <td>{o.count}</td>
                  <td>
                    <a href={api.filePath(o.url)} download>
                      {api.filePath(o.url).split('/').pop()}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.manifest.output.length === 0 && <p>No records matched.</p>}
          <button type="button" onClick={remove}>
            Remove the files
          </button>
        </div>
      )}
    </section>
  );
}
