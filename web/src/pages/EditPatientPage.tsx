// Changing a patient's record (demographics, weight, contacts, diagnoses): only what changed is
// sent, as a merge patch on the version that was opened, with the reason kept in the history.
// Someone else's change in between is never overwritten.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, Demographics, Patient, problemText } from '../api';
import { PatientForm, patientFormValues, PatientFormValues, patientRequest } from '../components/PatientForm';
import { fullName } from '../format';
import { linkHandler, navigate } from '../router';

function changes(before: Demographics, after: Demographics): Partial<Demographics> {
  const changed: Partial<Demographics> = {};
  for (const key of Object.keys(after) as (keyof Demographics)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) (changed as Record<string, unknown>)[key] = after[key];
  }
  return changed;
}

export function EditPatientPage({ id }: { id: string }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.patient(id).then(setPatient, (e) => setError(problemText(e)));
  }, [id]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!patient) return <p class="loading">Loading…</p>;
  const chart = `/patients/${encodeURIComponent(id)}`;

  const save = async (values: PatientFormValues) => {
    const changed = changes(patientRequest(patientFormValues(patient)), patientRequest(values));
    if (Object.keys(changed).length === 0) throw new ApiError(400, 'Nothing changed', 'Nothing changed: change a field, or cancel.', []);
    try {
      await api.updatePatient(id, patient.version, { ...changed, reason: reason.trim() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        throw new ApiError(412, e.title, 'Someone changed this record after you opened it. Reload the page to see their change, then make yours again.', []);
      }
      throw e;
    }
    navigate(chart);
  };

  return (
    <section>
      <div class="page-head">
        <h1>Change {fullName(patient)}'s record</h1>
        <a href={chart} onClick={linkHandler(chart)}>
          Cancel
        </a>
      </div>
      <PatientForm initial={patientFormValues(patient)} submitLabel="Save changes" onSubmit={save}>
        <label>
          Reason for the change
          <input name="reason" maxLength={500} value={reason} placeholder="e.g. weighed before today's infusion" onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      </PatientForm>
    </section>
  );
}
