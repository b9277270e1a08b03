// The Plasticity API as the UI uses it. The session lives in an HttpOnly cookie set at sign-in,
// so the UI never holds the token; every call sends the cookie (same origin).

export type Permission = 'read_patients' | 'create_patients' | 'update_patients' | 'read_audit';

export interface StaffUser {
  id: number;
  username: string;
  role: string;
  permissions: Permission[];
}

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

export interface AuditEntry {
  id: number;
  at: string;
  username: string;
  role: string;
  action: string;
  outcome: string;
  patient_id: string | null;
  request_id: string;
  client_address: string;
  detail: string;
}

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

// An answer other than 2xx, carrying the server's problem document.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[],
  ) {
    super(detail || title);
  }
}

export const SIGNED_OUT_EVENT = 'plasticity:signed-out';

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (response.status === 401 && path !== '/api/v1/session') {
    // The session ended (idle too long, or signed out elsewhere): the app shows the sign-in page.
    dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  if (!response.ok) {
    throw new ApiError(response.status, json.title ?? response.statusText, json.detail ?? '', json.errors ?? []);
  }
  return json as T;
}

export const api = {
  whoAmI: () => call<{ user: StaffUser }>('GET', '/api/v1/session').then((r) => r.user),
  signIn: (username: string, password: string) =>
    call<{ user: StaffUser }>('POST', '/api/v1/session', { username, password }).then((r) => r.user),
  signOut: () => call<void>('DELETE', '/api/v1/session'),
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
  audit: (filters: Record<string, string>) => {
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    return call<{ items: AuditEntry[]; next_cursor: string | null }>('GET', `/api/v1/audit?${params}`);
  },
};
