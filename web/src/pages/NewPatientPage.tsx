import { api } from '../api';
import { EMPTY_PATIENT, PatientForm, patientRequest } from '../components/PatientForm';
import { linkHandler, navigate } from '../router';

// Registering a patient: the record's fields, then the chart.
export function NewPatientPage() {
  const register = async (values: typeof EMPTY_PATIENT) => {
    const request: Partial<ReturnType<typeof patientRequest>> = patientRequest(values);
    // A new record leaves blank optional fields out rather than sending nulls.
    for (const key of Object.keys(request) as (keyof typeof request)[]) if (request[key] === null) delete request[key];
    if (!request.sex_at_birth) delete request.sex_at_birth;
    const patient = await api.createPatient(request);
    navigate(`/patients/${patient.id}`);
  };
  return (
    <section>
      <div class="page-head">
        <h1>New patient</h1>
        <a href="/patients" onClick={linkHandler('/patients')}>Cancel</a>
      </div>
      <PatientForm initial={EMPTY_PATIENT} submitLabel="Register patient" onSubmit={register} />
    </section>
  );
}
