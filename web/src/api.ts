// The Plasticity API as the UI uses it, one module per area in api/ (transport in api/http.ts);
// this index keeps one import for the pages: every type, and `api` with every call but the
// outcome report's and the forecast's (api/outcomes.ts).
export * from './api/http';
export * from './api/staff';
export * from './api/patients';
export * from './api/assessments';
export * from './api/sessions';
export * from './api/planning';
export * from './api/schedule';
export * from './api/therapy';
export * from './api/exports';
export * from './api/research';
export * from './api/imports';

import { staffApi } from './api/staff';
import { patientsApi } from './api/patients';
import { assessmentsApi } from './api/assessments';
import { sessionsApi } from './api/sessions';
import { planningApi } from './api/planning';
import { scheduleApi } from './api/schedule';
import { therapyApi } from './api/therapy';
import { exportsApi } from './api/exports';
import { researchApi } from './api/research';
import { importsApi } from './api/imports';

export const api = {
  ...staffApi,
  ...patientsApi,
  ...assessmentsApi,
  ...sessionsApi,
  ...planningApi,
  ...scheduleApi,
  ...therapyApi,
  ...exportsApi,
  ...researchApi,
  ...importsApi,
};
