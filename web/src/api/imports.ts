// Import of a clinic's history (docs/import.md), as the admin's Import page uses it.
import { call } from './http';

export interface ImportCounts {
  patients: number;
  patients_already_here: number;
  sessions: number;
  sessions_already_here: number;
  assessments: number;
  assessments_already_here: number;
  vital_readings: number;
  adverse_events: number;
  skipped_not_history: number;
  dry_run: boolean;
}

export const importsApi = {
  importFiles: (format: 'fhir' | 'csv', files: { name: string; text: string }[], dryRun: boolean) =>
    call<ImportCounts>('POST', '/api/v1/imports', { format, files, dry_run: dryRun }),
};
