// Patients: the record, its history, search, and the audit trail that finds each read.
import { call } from './http';

export interface Diagnosis {
  code: string;
  display: string;
}

export interface EmergencyContact {
  name: string;
  relationship: string;
  phone: string;
}

export interface Demographics {
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex_at_birth: string;
  weight_kg: number | null;
  height_cm: number | null;
  phone: string | null;
  email: string | null;
  emergency_contact: EmergencyContact | null;
  diagnoses: Diagnosis[];
}

export interface Patient extends Demographics {
  id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PatientVersion {
  version: number;
  changed_at: string;
  changed_by: { id: number; username: string };
  reason: string;
  changed_fields: string[];
  record: Demographics;
}

export interface PatientBrief {
  mrn: string;
  given_name: string;
  family_name: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  username: string;
  role: string;
  action: string;
  outcome: string;
  patient_id: string | null;
  patient: PatientBrief | null;
  shown_patient_ids: string[];
  request_id: string;
  client_address: string;
  detail: string;
}

function auditParams(filters: Record<string, string>): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
}

export const patientsApi = {
  searchPatients: (query: string, cursor?: string) => {
    const params = new URLSearchParams({ query, limit: '50' });
    if (cursor) params.set('cursor', cursor);
    return call<{ items: Patient[]; next_cursor: string | null }>('GET', `/api/v1/patients?${params}`);
  },
  patient: (id: string) => call<Patient>('GET', `/api/v1/patients/${encodeURIComponent(id)}`),
  createPatient: (fields: Partial<Demographics>) => call<Patient>('POST', '/api/v1/patients', fields),
  updatePatient: (id: string, version: number, fields: Partial<Demographics> & { reason?: string }) =>
    call<Patient>('PATCH', `/api/v1/patients/${encodeURIComponent(id)}`, fields, { 'If-Match': `"${version}"` }),
  history: (id: string) =>
    call<{ versions: PatientVersion[] }>('GET', `/api/v1/patients/${encodeURIComponent(id)}/history`).then(
      (r) => r.versions,
    ),
  audit: (filters: Record<string, string>) =>
    call<{ items: AuditEntry[]; next_cursor: string | null }>('GET', `/api/v1/audit?${auditParams(filters)}`),
  auditCsvUrl: (filters: Record<string, string>) => `/api/v1/audit.csv?${auditParams(filters)}`,
};
