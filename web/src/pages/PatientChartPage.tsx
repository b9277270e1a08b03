import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, Patient, PatientVersion, StaffUser } from '../api';
import { Measurements } from '../components/Measurements';
import { PATIENT_LABELS } from '../components/PatientForm';
import { ScreeningCard } from '../components/Screening';
import { TherapyNotes } from '../components/TherapyNotes';
import { TreatmentSessions } from '../components/TreatmentSessions';
import { TreatmentPlans } from '../components/TreatmentPlans';
import { ageOn, formatTime, fullName } from '../format';
import { linkHandler } from '../router';

// What changed, in the record form's words.
const CHANGED_FIELD_LABELS: Record<string, string> = {
  ...PATIENT_LABELS,
  emergency_contact: 'Emergency contact',
  diagnoses: 'Diagnoses',
};

export function PatientChartPage({ id, user }: { id: string; user: StaffUser }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [versions, setVersions] = useState<PatientVersion[]>([]);
  const [error, setError] = useState('');
  const [planning, setPlanning] = useState(0);  // bumps when a screening changes, so plans reload

  const load = () =>
    Promise.all([api.patient(id), api.history(id)]).then(
      ([p, h]) => {
        setPatient(p);
        setVersions(h);
      },
      (e) => setError(e instanceof ApiError ? e.detail || e.title : String(e)),
    );
  useEffect(() => {
    load();
  }, [id]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!patient) return <p class="loading">Loading…</p>;
  const contact = patient.emergency_contact;
  // The version that last changed the weight: when the patient was weighed, as the chart knows.
  const weighed = versions.reduce<PatientVersion | null>(
    (found, v) => (!found || v.record.weight_kg !== found.record.weight_kg ? v : found),
    null,
  );

  return (
    <section>
      <p>
        <a href="/patients" onClick={linkHandler('/patients')}>← Patients</a>
      </p>
      <div class="page-head">
        <h1 data-testid="patient-name">{fullName(patient)}</h1>
        <span class="badge">MRN {patient.mrn}</span>
        {user.permissions.includes('update_patients') && (
          <a class="button" href={`/patients/${patient.id}/edit`} onClick={linkHandler(`/patients/${patient.id}/edit`)}>
            Change record
          </a>
        )}
      </div>
      <div class="columns">
        <div class="card">
          <h2>Demographics</h2>
          <dl>
            <dt>Birth date</dt>
            <dd>{patient.birth_date} ({ageOn(patient.birth_date)} years)</dd>
            <dt>Sex at birth</dt>
            <dd>{patient.sex_at_birth}</dd>
            <dt>Weight</dt>
            <dd data-testid="weight">
              {patient.weight_kg === null ? '—' : `${patient.weight_kg} kg`}
              {weighed && <span class="muted"> · recorded {formatTime(weighed.changed_at)} by {weighed.changed_by.username}</span>}
            </dd>
            <dt>Height</dt>
            <dd>{patient.height_cm === null ? '—' : `${patient.height_cm} cm`}</dd>
            <dt>Phone</dt>
            <dd>{patient.phone ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{patient.email ?? '—'}</dd>
            <dt>Emergency contact</dt>
            <dd>{contact ? `${contact.name}${contact.relationship ? ` (${contact.relationship})` : ''}, ${contact.phone}` : '—'}</dd>
          </dl>
        </div>
        <div class="card">
          <h2>Diagnoses</h2>
          {patient.diagnoses.length === 0 ? (
            <p class="muted">None recorded.</p>
          ) : (
            <ul class="diagnoses">
              {patient.diagnoses.map((d) => (
                <li key={d.code}>
                  <strong>{d.code}</strong> {d.display}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {user.permissions.includes('read_sessions') && (
        <>
          <ScreeningCard patient={patient} user={user} onChange={() => setPlanning(planning + 1)} />
          <TreatmentPlans patient={patient} user={user} refresh={planning} />
          <TreatmentSessions patientId={patient.id} />
        </>
      )}
      <Measurements patientId={patient.id} user={user} />
      {user.permissions.includes('read_sessions') && <TherapyNotes patientId={patient.id} user={user} />}
      <div class="card">
        <h2>Record history</h2>
        <table class="list" aria-label="Record history">
          <thead>
            <tr>
              <th>Version</th>
              <th>When</th>
              <th>Who</th>
              <th>What changed</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{formatTime(v.changed_at)}</td>
                <td>{v.changed_by.username}</td>
                <td>{v.version === 1 ? 'registered' : v.changed_fields.map((f) => CHANGED_FIELD_LABELS[f] ?? f).join(', ')}</td>
                <td>{v.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
