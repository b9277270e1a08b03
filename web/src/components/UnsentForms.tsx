// Spravato REMS Patient Monitoring Forms not yet sent, each with its 7-day clock: print the PDF,
// send it (REMS portal or fax), then mark it sent. Incomplete forms say what they lack.
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, UnsentForm } from '../api';
import { fullName } from '../format';
import { linkHandler } from '../router';
import { monitoringFormPath } from './TreatmentSessions';

const DAY_MS = 86_400_000;

function clock(form: UnsentForm, now: number) {
  if (!form.due_at) return 'due 7 days after discharge';
  const left = Date.parse(form.due_at) - now;
  if (left < 0) return `OVERDUE by ${Math.ceil(-left / DAY_MS)} day(s)`;
  return `due in ${Math.floor(left / DAY_MS)} d ${Math.floor((left % DAY_MS) / 3_600_000)} h`;
}

export function UnsentForms({ now, canRun, refresh }: { now: number; canRun: boolean; refresh: number }) {
  const [forms, setForms] = useState<UnsentForm[]>([]);
  const [error, setError] = useState('');
  const load = () => api.unsentForms().then(setForms, () => undefined);
  useEffect(() => {
    load();
  }, [refresh]);
  if (forms.length === 0) return null;
  const submit = async (form: UnsentForm) => {
    try {
      await api.submitForm(form.session_id);
      setError('');
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <section class="card" aria-label="REMS monitoring forms to send">
      <h2>REMS monitoring forms to send</h2>
      <table>
        <tbody>
          {forms.map((form) => (
            <tr key={form.session_id} class={form.overdue ? 'overdue' : ''}>
              <td>{form.patient ? `${fullName(form.patient)} (MRN ${form.patient.mrn})` : form.patient_id}</td>
              <td>{form.chair}</td>
              <td data-testid="form-clock">{clock(form, now)}</td>
              <td>{form.missing.length === 0 ? 'complete' : `${form.missing.length} items missing`}</td>
              <td>
                <a href={monitoringFormPath(form.session_id)} onClick={linkHandler(monitoringFormPath(form.session_id))}>
                  {canRun && form.missing.length > 0 ? 'Complete the form' : 'Open the form'}
                </a>
              </td>
              <td>
                <a href={`/api/v1/sessions/${form.session_id}/monitoring-form.pdf`} target="_blank" rel="noreferrer">
                  PDF
                </a>
              </td>
              <td>
                {canRun && (
                  <button type="button" disabled={form.missing.length > 0} onClick={() => submit(form)}>
                    Mark sent
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p class="field-error">{error}</p>}
    </section>
  );
}
