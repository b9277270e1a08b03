// From referral to course: eligibility screenings and treatment plans.
import { call } from './http';
import { Appointment } from './schedule';

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

export const planningApi = {
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
};
