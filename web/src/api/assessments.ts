// Questionnaires: instruments, assessments, self-report links and the alerts they raise.
import { call } from './http';

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
  response_rule: boolean;
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

export const assessmentsApi = {
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
};
