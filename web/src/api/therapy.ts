// KAP therapy notes: written by their author, read by those granted.
import { call } from './http';

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

export const therapyApi = {
  noteTemplates: () => call<{ items: NoteTemplate[] }>('GET', '/api/v1/therapy-note-templates').then((r) => r.items),
  therapyNotes: (patientId: string) =>
    call<{ items: TherapyNote[] }>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/therapy-notes`).then((r) => r.items),
  therapyNote: (id: string) => call<TherapyNote>('GET', `/api/v1/therapy-notes/${encodeURIComponent(id)}`),
  writeTherapyNote: (patientId: string, template: string, sections: Record<string, string>, sessionId?: string) =>
    call<TherapyNote>('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/therapy-notes`, { template, sections, session_id: sessionId }),
  grantTherapyNote: (id: string, staffId: number) =>
    call<TherapyNote>('POST', `/api/v1/therapy-notes/${encodeURIComponent(id)}/grants`, { staff_id: staffId }),
};
