// The FHIR Bulk Data export as the admin's Data exports page uses it (docs/fhir.md): kick-off,
// polling, the manifest and cancelling. The job's status URL is kept in this browser, so the page
// finds a running export again after a reload.
import { request } from './http';

export interface ExportOutput {
  type: string;
  url: string;
  count: number;
}

export interface ExportManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: ExportOutput[];
  error: unknown[];
}

export type ExportState = { running: true; progress: string } | { running: false; manifest: ExportManifest; expires: string };

// Every type the export writes, in the order its files are listed, with what the clinic calls it.
export const EXPORT_TYPES = ['Patient', 'Condition', 'Encounter', 'MedicationAdministration', 'Observation', 'AdverseEvent', 'QuestionnaireResponse', 'Questionnaire'];
export const EXPORT_TYPE_NAMES: Record<string, string> = {
  Patient: 'Patients',
  Condition: 'Diagnoses',
  Encounter: 'Sessions and appointments',
  MedicationAdministration: 'Doses given',
  Observation: 'Vital signs and scale totals',
  AdverseEvent: 'Adverse events',
  QuestionnaireResponse: 'Questionnaire answers',
  Questionnaire: 'Questionnaires (no patient data)',
};

const pathOf = (url: string) => new URL(url, location.href).pathname;

export const exportsApi = {
  // Starts a whole-clinic export; resolves with the status URL to poll.
  startExport: async (types: string[], since: string): Promise<string> => {
    const query = new URLSearchParams();
    if (types.length && types.length < EXPORT_TYPES.length) query.set('_type', types.join(','));
    if (since) query.set('_since', since);
    const answer = await request<unknown>('GET', `/fhir/$export${query.size ? `?${query}` : ''}`, undefined, {
      Prefer: 'respond-async',
      Accept: 'application/fhir+json',
    });
    return pathOf(answer.headers.get('Content-Location') ?? '');
  },
  exportState: async (status: string): Promise<ExportState> => {
    const answer = await request<ExportManifest>('GET', status);
    if (answer.status === 202) return { running: true, progress: answer.headers.get('X-Progress') ?? '' };
    return { running: false, manifest: answer.body, expires: answer.headers.get('Expires') ?? '' };
  },
  cancelExport: async (status: string): Promise<void> => {
    await request<unknown>('DELETE', status);
  },
  filePath: pathOf,
};
