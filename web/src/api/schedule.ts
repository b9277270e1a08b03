// The schedule and the clinic's settings: the calendar, chairs and rooms, working hours, the outbox.
import { call } from './http';
import { PatientBrief } from './patients';

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

export const scheduleApi = {
  resources: () => call<{ items: Resource[] }>('GET', '/api/v1/resources').then((r) => r.items),
  createResource: (resource: { id: string; kind: 'chair' | 'room'; name: string }) => call<Resource>('POST', '/api/v1/resources', resource),
  changeResource: (id: string, changes: { name?: string; active?: boolean }) =>
    call<Resource>('PATCH', `/api/v1/resources/${encodeURIComponent(id)}`, changes),
  outbox: () => call<{ items: OutboxMessage[] }>('GET', '/api/v1/outbox').then((r) => r.items),
  markMessageSent: (id: string) => call<OutboxMessage>('POST', `/api/v1/outbox/${encodeURIComponent(id)}/sent`, {}),
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
};
