// Treatment sessions: the nurse station, phases, vitals, alarms, chair records, the REMS form
// and the monitors that send vital signs.
import { call } from './http';
import { PatientBrief } from './patients';

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

export const sessionsApi = {
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
  devices: () =>
    call<{ items: { device_id: string; label: string; registered_at: string }[] }>('GET', '/api/v1/devices').then((r) => r.items),
  revokeDevice: (deviceId: string) => call<void>('DELETE', `/api/v1/devices/${encodeURIComponent(deviceId)}`),
  registerDevice: (device_id: string, label: string) =>
    call<{ device_id: string; label: string; token: string }>('POST', '/api/v1/devices', { device_id, label }),
  protocols: () => call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/protocols').then((r) => r.items),
};
