// The Plasticity API as the UI uses it (areas split out so far: api/outcomes.ts). The session lives in an HttpOnly cookie set at sign-in,
// so the UI never holds the token; every call sends the cookie (same origin).

export type Permission =
  | 'read_patients'
  | 'create_patients'
  | 'update_patients'
  | 'read_audit'
  | 'read_assessments'
  | 'record_assessments'
  | 'send_assessment_links'
  | 'manage_alerts'
  | 'read_sessions'
  | 'run_sessions'
  | 'prescribe_doses'
  | 'manage_devices'
  | 'screen_patients'
  | 'read_schedule'
  | 'manage_schedule'
  | 'manage_rota'
  | 'write_therapy_notes'
  | 'manage_staff'
  | 'manage_settings'
  | 'read_outcomes'
  | 'read_forecast'
  | 'refit_forecast';

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
  patient: PatientBrief | null;
  shown_patient_ids: string[];
  request_id: string;
  client_address: string;
  detail: string;
}

export interface AnswerOption {
  score: number;
  text: string;
}

export interface InstrumentItem {
  id: string;
  label: string;
  text?: string;
  options?: AnswerOption[];
  scored?: boolean;
  asked_if?: { item: string; equals: number };
}

// An instrument definition as the server ships it (see docs/instruments.md).
export interface InstrumentDefinition {
  id: string;
  name: string;
  rater: 'self' | 'clinician';
  full_text: boolean;
  preamble?: string;
  recall_period?: string;
  licence: string;
  options?: AnswerOption[];
  items: InstrumentItem[];
  bands?: { min: number; max: number; label: string }[];
  flags?: { id: string; item: string; at_least: number }[];
  scoring: { method: 'sum' | 'max_of_groups' | 'triage' };
}

export interface InstrumentSummary {
  id: string;
  name: string;
  rater: 'self' | 'clinician';
  max_total: number | null;
}

export interface Assessment {
  id: string;
  instrument: string;
  administered_at: string;
  source: string;
  total: number | null;
  severity: string | null;
  subscales: Record<string, number | null>;
  flags: string[];
  provisional_diagnosis: boolean | null;
  complete: boolean;
  answers: Record<string, number>;
  is_baseline?: boolean;
  change?: number | null;
  change_percent?: number | null;
  response?: boolean | null;
  remission?: boolean | null;
  meaningful_change?: boolean | null;
  relapse?: boolean | null;
}

export interface Alert {
  id: string;
  patient_id: string;
  kind: string;
  message: string;
  created_at: string;
  status: 'open' | 'acknowledged';
  patient?: { mrn: string; given_name: string; family_name: string };
}

export function optionsOf(definition: InstrumentDefinition, item: InstrumentItem): AnswerOption[] {
  return item.options ?? definition.options ?? [];
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

// A field as people read it: "dose_given_mg" → "Dose given (mg)", "readings/1/value" →
// "Readings 2 value". Forms pass their own labels where they have them.
export function humanField(field: string): string {
  const units: Record<string, string> = { mg: '(mg)', kg: '(kg)', cm: '(cm)', ml: '(mL)', id: 'id' };
  const words = field
    .split('/')
    .flatMap((part) => (/^\d+$/.test(part) ? [String(Number(part) + 1)] : part.split('_')))
    .map((w) => units[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// One broken rule in the form's words: the field's name at the start of the server's message
// becomes its label; the API keeps `field` for programs.
export function inWords(problem: FieldProblem, labels: Record<string, string> = {}): string {
  if (!problem.field || !problem.message.startsWith(problem.field)) return problem.message;
  return (labels[problem.field] ?? humanField(problem.field)) + problem.message.slice(problem.field.length);
}

// What to tell a person when a call failed: every broken rule the server named, else its detail.
export function problemText(e: unknown, labels: Record<string, string> = {}): string {
  if (!(e instanceof ApiError)) return String(e);
  return e.errors.map((p) => inWords(p, labels)).join('; ') || e.detail || e.title;
}

export interface VitalReading {
  kind: string;
  value: number;
  unit: string;
  at: string;
  received_at: string;
  device_id: string;
  abnormal: boolean;
}

export interface SessionAlarm {
  id: string;
  session_id: string;
  rule_id: string;
  severity: 'advisory' | 'warning' | 'critical';
  message: string;
  value: number | null;
  status: 'active' | 'acknowledged' | 'resolved_unacknowledged' | 'cleared';
  raised_at: string;
  condition_ended_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  action: string;
  cleared_at: string | null;
}

export interface ChecklistState {
  id: string;
  label: string;
  source: string;
  confirmed: boolean;
  by: string | null;
  at: string | null;
}

export interface TreatmentSession {
  id: string;
  patient_id: string;
  protocol: string;
  protocol_name: string | null;
  chair: string;
  scheduled_at: string;
  phase: string;
  next_phases: string[];
  version: number;
  dose: {
    prescribed_mg: number;
    dose_mg: number;
    mg_per_kg: number | null;
    weight_kg: number | null;
    volume_ml: number | null;
    infusion_minutes: number | null;
    pump_rate_ml_per_h: number | null;
    devices: number | null;
    notes: string[];
  };
  lot_number: string;
  lot_expiry: string | null;
  dosing_started_at: string | null;
  minimum_monitoring: { minutes: number; regulatory: boolean; ends_at?: string } | null;
  vitals_every_minutes: number | null;
  patient?: { mrn: string; given_name: string; family_name: string };
  latest_vitals: Record<string, VitalReading>;
  open_alarms: SessionAlarm[];
  pre_checks?: ChecklistState[];
  discharge_checklist?: ChecklistState[];
  vitals?: VitalReading[];
  alarms?: SessionAlarm[];
  transitions?: SessionTransition[];
  events?: SessionEvent[];
}

export interface SessionTransition {
  from: string;
  to: string;
  at: string;
  by: string;
  reason: string;
  override_minimum: boolean;
  dose_given_mg: number | null;
}

// A chair record: sedation, adverse event, controlled substance, REMS answers, ready to leave.
export interface SessionEvent {
  id: string;
  kind: string;
  at: string;
  by: string;
  record: Record<string, unknown> | null;
}

// One line of a patient's treatment history.
export interface SessionHistoryEntry extends Omit<TreatmentSession, 'latest_vitals' | 'open_alarms'> {
  ended_at: string | null;
  alarm_count: number;
  critical_alarm_count: number;
  adverse_event_count: number;
  serious_adverse_event_count: number;
}

export interface Prediction {
  model: string;
  citation: string;
  start_at: string;
  started: boolean;
  times_min: number[];
  plasma_ng_ml: number[];
  effect_site_ng_ml: number[];
  effect_site_source: string;
  cmax_ng_ml: number;
  tmax_min: number;
  note: string;
  route: string;
  route_assumption: string | null;
  assumptions: string[];
}

export interface PatientBrief {
  mrn: string;
  given_name: string;
  family_name: string;
}

export interface BloodPressureReading {
  systolic: number;
  diastolic: number;
  at: string;
}

// The nurse's answers on the REMS monitoring form (null: not answered yet).
export interface MonitoringFormAnswers {
  concomitant: Record<string, boolean>;
  vitals_acceptable_before: boolean | null;
  vitals_acceptable_at_completion: boolean | null;
  ready_to_leave_minutes: number | null;
  sedation: boolean | null;
  dissociation: boolean | null;
  respiratory_depression: boolean | null;
  resolved_before_leaving: boolean | null;
  monitoring_hcp: string;
}

export interface MonitoringForm extends MonitoringFormAnswers {
  session_id: string;
  patient_id: string;
  patient?: PatientBrief;
  complete: boolean;
  missing: string[];
  due_at: string | null;
  submitted_at: string | null;
  first_device_at: string;
  completed_at: string | null;
  dose_mg: number;
  lot_number: string;
  total_monitoring_minutes: number | null;
  bp_before: BloodPressureReading | null;
  bp_40_min: BloodPressureReading | null;
  bp_at_completion: BloodPressureReading | null;
  serious_adverse_events: number;
  suggested: MonitoringFormAnswers;
  suggestion_basis: Record<string, string>;
  labels: Record<string, string>;
}

export interface UnsentForm {
  session_id: string;
  patient_id: string;
  patient: PatientBrief | null;
  chair: string;
  first_device_at: string;
  due_at: string | null;
  overdue: boolean;
  missing: string[];
}

// What the live feed (/api/v1/live) pushes.
export type LiveEvent =
  | { type: 'vitals'; session_id: string; readings: VitalReading[] }
  | { type: 'alarm'; session_id: string; alarm: SessionAlarm }
  | { type: 'session'; session_id: string; phase: string; version: number };


export interface IntakeQuestion {
  id: string;
  group: string;
  label: string;
  type: 'yes_no' | 'number' | 'choice';
  required: boolean;
  min?: number;
  max?: number;
  unit?: string;
  choices?: string[];
}

export interface FiredRule {
  id: string;
  kind: 'absolute' | 'relative' | 'caution';
  message: string;
  source: string;
}

export interface Screening {
  id: string;
  protocol: string;
  eligibility: 'eligible' | 'needs_review' | 'not_eligible';
  fired: FiredRule[];
  screened_at: string;
  screened_by: string;
  status: 'awaiting_sign_off' | 'approved' | 'declined';
  overrides: { rule_id: string; reason: string }[];
  sign_off_note: string;
  signed_by: string | null;
  signed_at: string | null;
}

export interface Appointment {
  id: string;
  patient_id: string;
  type: string;
  type_name: string;
  resource_id: string;
  staff_ids: number[];
  starts_at: string;
  ends_at: string;
  local_date: string;
  local_start: string;
  local_end: string;
  status: 'proposed' | 'confirmed' | 'cancelled';
  plan_id: string | null;
  plan_sequence: number;
  treatment_session_id: string | null;
  version: number;
  conflicts?: { rule: string; message: string }[];
  patient?: { mrn: string; given_name: string; family_name: string } | null;
}

export interface TreatmentPlan {
  id: string;
  patient_id: string;
  version: number;
  created_at: string;
  confirmed_at: string | null;
  plan: { protocol: string; indication: string; screening_id: string; dose_mg_per_kg: number | null; dose_mg: number | null; first_date: string; start_time: string; induction: { sessions: number; per_week: number }[]; primary_instrument: string; futility_review_after: number };
  appointments: Appointment[];
}

export interface CourseTemplate {
  id: string;
  name: string;
  protocol: string;
  sessions: number;
  source: string;
}

export interface Resource {
  id: string;
  kind: 'chair' | 'room';
  name: string;
  active: boolean;
}

export interface RotaEntry {
  staff_id: number;
  username: string;
  role: string;
  hours: { weekday: string; start: string; end: string }[];
}

export interface StaffAccount extends StaffUser {
  active: boolean;
  created_at: string;
}

export interface PasswordLink {
  password_link: string;
  expires_at: string;
}

export interface OutboxMessage {
  id: string;
  appointment_id: string;
  patient_id: string;
  patient: PatientBrief | null;
  instruction: string;
  text: string;
  send_after: string;
  status: 'pending' | 'sent' | 'withdrawn';
  sent_at: string | null;
  email_on_file: boolean;
  late: boolean;
}

export interface AppointmentType {
  id: string;
  name: string;
  minutes: number;
  resource_kind: 'chair' | 'room';
  protocol: string | null;
  needs_prescriber_on_site: boolean;
}

export interface CalendarWeek {
  time_zone: string;
  opening_hours: Record<string, { start: string; end: string }[]>;
  resources: Resource[];
  staff: RotaEntry[];
  appointments: Appointment[];
}

export interface NoteTemplate {
  id: string;
  name: string;
  needs_session: boolean;
  sections: { id: string; label: string; required: boolean }[];
}

export interface TherapyNote {
  id: string;
  template: string;
  name: string;
  session_id: string | null;
  author: string;
  written_at: string;
  readable: boolean;
  sections?: Record<string, string>;
}

export interface InstructionSetting {
  id: string;
  text: string;
  send_hours_before: number;
  sent_before: string[];  // the appointment types that send it
  source: string;
}

export interface ClinicSettings {
  time_zone: string;
  crisis_text: string;
  instructions: InstructionSetting[];
  limits: { crisis_text_characters: number; instruction_text_characters: number; send_hours_before: number };
}

export const SIGNED_OUT_EVENT = 'plasticity:signed-out';

// Every call goes through here; the area modules (api/*.ts) use it too.
export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
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

function auditParams(filters: Record<string, string>): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
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
  instruments: () => call<{ items: InstrumentSummary[] }>('GET', '/api/v1/instruments').then((r) => r.items),
  instrument: (id: string) => call<InstrumentDefinition>('GET', `/api/v1/instruments/${encodeURIComponent(id)}`),
  assessments: (patientId: string) =>
    call<{ items: Assessment[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/assessments`).then((r) => r.items),
  recordAssessment: (patientId: string, instrument: string, answers: Record<string, number>) =>
    call<Assessment>('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/assessments`, { instrument, answers }),
  createLink: (patientId: string, instruments: string[], send_by_email = false) =>
    call<{ url: string; expires_at: string; emailed_to?: string }>(
      'POST', `/api/v1/patients/${encodeURIComponent(patientId)}/assessment-links`, { instruments, send_by_email },
    ),
  openAlerts: () => call<{ items: Alert[] }>('GET', '/api/v1/alerts?status=open').then((r) => r.items),
  acknowledgeAlert: (id: string, note: string) => call<Alert>('POST', `/api/v1/alerts/${encodeURIComponent(id)}/acknowledgement`, { note }),
  openLink: (token: string) =>
    call<{ instruments: InstrumentDefinition[]; expires_at: string; crisis_text: string }>('GET', `/api/v1/links/${encodeURIComponent(token)}`),
  submitLink: (token: string, responses: Record<string, Record<string, number>>) =>
    call<{ show_crisis_text: boolean; crisis_text: string | null }>('POST', `/api/v1/links/${encodeURIComponent(token)}/responses`, { responses }),
  activeSessions: () => call<{ items: TreatmentSession[] }>('GET', '/api/v1/sessions').then((r) => r.items),
  session: (id: string) => call<TreatmentSession>('GET', `/api/v1/sessions/${encodeURIComponent(id)}`),
  patientSessions: (patientId: string) =>
    call<{ items: SessionHistoryEntry[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/sessions`).then((r) => r.items),
  moveSession: (id: string, to: string, extra: { reason?: string; override_minimum?: boolean; dose_given_mg?: number } = {}) =>
    call<TreatmentSession>('POST', `/api/v1/sessions/${encodeURIComponent(id)}/transitions`, { to, ...extra }),
  confirmChecklist: (id: string, list: 'pre_checks' | 'discharge', items: Record<string, boolean>) =>
    call<unknown>('POST', `/api/v1/sessions/${encodeURIComponent(id)}/checklist`, { list, items }),
  recordVitals: (id: string, readings: { kind: string; value: number; unit: string; at: string }[]) =>
    call<{ stored: number }>('POST', `/api/v1/sessions/${encodeURIComponent(id)}/vitals`, { readings }),
  unsentForms: () => call<{ items: UnsentForm[] }>('GET', '/api/v1/monitoring-forms').then((r) => r.items),
  monitoringForm: (id: string) => call<MonitoringForm>('GET', `/api/v1/sessions/${encodeURIComponent(id)}/monitoring-form`),
  submitForm: (id: string) => call<unknown>('POST', `/api/v1/sessions/${encodeURIComponent(id)}/monitoring-form/submission`, {}),
  prediction: (id: string) => call<Prediction>('GET', `/api/v1/sessions/${encodeURIComponent(id)}/prediction`),
  recordSessionEvent: (id: string, event: Record<string, unknown>) =>
    call<unknown>('POST', `/api/v1/sessions/${encodeURIComponent(id)}/events`, event),
  acknowledgeAlarm: (sessionId: string, alarmId: string, action: string) =>
    call<SessionAlarm>(
      'POST',
      `/api/v1/sessions/${encodeURIComponent(sessionId)}/alarms/${encodeURIComponent(alarmId)}/acknowledgement`,
      { action },
    ),
  intakeQuestions: () => call<{ questions: IntakeQuestion[] }>('GET', '/api/v1/screening/questions').then((r) => r.questions),
  screenings: (patientId: string) =>
    call<{ items: Screening[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/screenings`).then((r) => r.items),
  screen: (patientId: string, protocol: string, intake: Record<string, unknown>) =>
    call<Screening>('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/screenings`, { protocol, intake }),
  signOffScreening: (id: string, decision: 'approve' | 'decline', overrides: { rule_id: string; reason: string }[], note: string) =>
    call<Screening>('POST', `/api/v1/screenings/${encodeURIComponent(id)}/sign-off`, { decision, overrides, note }),
  courseTemplates: () => call<{ items: CourseTemplate[] }>('GET', '/api/v1/course-templates').then((r) => r.items),
  plans: (patientId: string) =>
    call<{ items: TreatmentPlan[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/plans`).then((r) => r.items),
  plan: (id: string) => call<TreatmentPlan>('GET', `/api/v1/plans/${encodeURIComponent(id)}`),
  createPlan: (patientId: string, plan: Record<string, unknown>) =>
    call<TreatmentPlan>('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/plans`, plan),
  confirmPlan: (id: string) => call<TreatmentPlan>('POST', `/api/v1/plans/${encodeURIComponent(id)}/confirm`),
  resources: () => call<{ items: Resource[] }>('GET', '/api/v1/resources').then((r) => r.items),
  createResource: (resource: { id: string; kind: 'chair' | 'room'; name: string }) => call<Resource>('POST', '/api/v1/resources', resource),
  changeResource: (id: string, changes: { name?: string; active?: boolean }) =>
    call<Resource>('PATCH', `/api/v1/resources/${encodeURIComponent(id)}`, changes),
  devices: () =>
    call<{ items: { device_id: string; label: string; registered_at: string }[] }>('GET', '/api/v1/devices').then((r) => r.items),
  revokeDevice: (deviceId: string) => call<void>('DELETE', `/api/v1/devices/${encodeURIComponent(deviceId)}`),
  registerDevice: (device_id: string, label: string) =>
    call<{ device_id: string; label: string; token: string }>('POST', '/api/v1/devices', { device_id, label }),
  outbox: () => call<{ items: OutboxMessage[] }>('GET', '/api/v1/outbox').then((r) => r.items),
  markMessageSent: (id: string) => call<OutboxMessage>('POST', `/api/v1/outbox/${encodeURIComponent(id)}/sent`, {}),
  staff: () => call<{ items: StaffAccount[] }>('GET', '/api/v1/staff').then((r) => r.items),
  createStaff: (username: string, role: string) => call<StaffAccount & PasswordLink>('POST', '/api/v1/staff', { username, role }),
  changeStaff: (id: number, changes: { role?: string; active?: boolean }) => call<StaffAccount>('PATCH', `/api/v1/staff/${id}`, changes),
  passwordLink: (id: number) => call<PasswordLink>('POST', `/api/v1/staff/${id}/password-link`, {}),
  setPassword: (token: string, password: string) => call<void>('POST', '/api/v1/password', { token, password }),
  protocols: () => call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/protocols').then((r) => r.items),
  settings: () => call<ClinicSettings>('GET', '/api/v1/settings'),
  saveSettings: (changes: { time_zone: string; crisis_text: string; instructions: { id: string; text: string; send_hours_before: number }[] }) =>
    call<ClinicSettings>('PUT', '/api/v1/settings', changes),
  rota: () => call<{ items: RotaEntry[] }>('GET', '/api/v1/rota').then((r) => r.items),
  setHours: (staffId: number, hours: { weekday: string; start: string; end: string }[]) =>
    call<unknown>('PUT', `/api/v1/staff/${staffId}/hours`, { hours }),
  calendar: (from: string, to: string) => call<CalendarWeek>('GET', `/api/v1/calendar?from=${from}&to=${to}`),
  appointmentTypes: () =>
    call<{ appointment_types: AppointmentType[] }>('GET', '/api/v1/appointment-types').then((r) => r.appointment_types),
  bookAppointment: (fields: {
    patient_id: string; type: string; resource_id: string; staff_ids: number[]; note: string;
    starts_at?: string; local_date?: string; local_start?: string;
  }) =>
    call<Appointment>('POST', '/api/v1/appointments', fields),
  changeAppointment: (id: string, version: number, changes: { local_date?: string; local_start?: string; resource_id?: string; status?: 'cancelled'; note?: string }) =>
    call<Appointment>('PATCH', `/api/v1/appointments/${encodeURIComponent(id)}`, { version, ...changes }),
  noteTemplates: () => call<{ items: NoteTemplate[] }>('GET', '/api/v1/therapy-note-templates').then((r) => r.items),
  therapyNotes: (patientId: string) =>
    call<{ items: TherapyNote[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/therapy-notes`).then((r) => r.items),
  therapyNote: (id: string) => call<TherapyNote>('GET', `/api/v1/therapy-notes/${encodeURIComponent(id)}`),
  writeTherapyNote: (patientId: string, template: string, sections: Record<string, string>, sessionId?: string) =>
    call<TherapyNote>('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/therapy-notes`, { template, sections, session_id: sessionId }),
  grantTherapyNote: (id: string, staffId: number) =>
    call<TherapyNote>('POST', `/api/v1/therapy-notes/${encodeURIComponent(id)}/grants`, { staff_id: staffId }),
  audit: (filters: Record<string, string>) =>
    call<{ items: AuditEntry[]; next_cursor: string | null }>('GET', `/api/v1/audit?${auditParams(filters)}`),
  auditCsvUrl: (filters: Record<string, string>) => `/api/v1/audit.csv?${auditParams(filters)}`,
};
