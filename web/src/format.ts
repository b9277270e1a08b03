// How values read on screen: times in the clinic's (browser's) zone, ages in whole years.

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

export function fullName(p: { given_name: string; family_name: string }): string {
  return `${p.family_name}, ${p.given_name}`;
}

const PHASES: Record<string, string> = {
  scheduled: 'Scheduled',
  checked_in: 'Checked in',
  ready: 'Ready',
  dosing: 'Dosing',
  paused: 'Paused',
  recovery: 'Recovery',
  discharged: 'Discharged',
  aborted: 'Aborted',
};

export function phaseLabel(phase: string): string {
  return PHASES[phase] ?? phase;
}

// 0.536 → "53.6%"; a figure the report withholds (a small cell) shows as "—".
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

// The instruments with outcome rules, by their short names.
export const OUTCOME_INSTRUMENTS: [string, string][] = [
  ['phq9', 'PHQ-9'],
  ['qids_sr16', 'QIDS-SR16'],
  ['madrs', 'MADRS'],
  ['gad7', 'GAD-7'],
  ['pcl5', 'PCL-5'],
];

export function instrumentName(id: string): string {
  return OUTCOME_INSTRUMENTS.find(([key]) => key === id)?.[1] ?? id;
}
