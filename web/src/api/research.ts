// The de-identified research export (docs/research.md), as the Research export page uses it.
import { request } from './http';

export const RESEARCH_TABLES = ['patients', 'courses', 'sessions', 'assessments', 'vital_signs'];

export interface ResearchFile {
  text: string;
  name: string;
  dataSet: string;
  smallestGroup: number;
}

export const researchApi = {
  researchExport: async (q: { format: string; table: string; dataSet: string; overrideReason: string }): Promise<ResearchFile> => {
    const query = new URLSearchParams({ format: q.format, data_set: q.dataSet });
    if (q.format === 'csv') query.set('table', q.table);
    if (q.overrideReason) query.set('override_reason', q.overrideReason);
    const answer = await request<string>('GET', `/api/v1/research/export?${query}`);
    const disposition = answer.headers.get('Content-Disposition') ?? '';
    return {
      text: answer.body,
      name: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'plasticity-research',
      dataSet: answer.headers.get('X-Data-Set') ?? '',
      smallestGroup: Number(answer.headers.get('X-Smallest-Group')),
    };
  },
};
