// A small clinic with PHQ-9 histories for the outcome report's tests: twelve untreated patients,
// each with a baseline 60 days ago and two weekly follow-ups. Seven respond (20 → 9 a week
// later), five do not (20 → 15); three of the responders remit (→ 4 in week two). The first six
// have a depression diagnosis (F33.1), the other six PTSD (F43.10).
import assert from 'node:assert/strict';
import { validPatient } from './server.mjs';

const DAY = 86400e3;

// A PHQ-9 with the given total, item 9 (self-harm) always 0.
export const phq9 = (total) =>
  Object.fromEntries([...Array(9)].map((_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : Math.min(3, Math.max(0, total - 3 * i))]));

// Resolves with the patients' ids, in the order above.
export async function seedOutcomeClinic(prescriber, now = Date.now()) {
  const ids = [];
  for (let n = 0; n < 12; n++) {
    const code = n < 6 ? 'F33.1' : 'F43.10';
    const created = await prescriber('POST', '/api/v1/patients', { body: validPatient({ family_name: `Outcome${n + 1}`, diagnoses: [{ code, display: code }] }) });
    assert.equal(created.status, 201, created.text);
    ids.push(created.json.id);
    const totals = n < 7 ? [20, 9, n < 3 ? 4 : 8] : [20, 15, 16];
    for (let week = 0; week < 3; week++) {
      const administered_at = new Date(now - (60 - 7 * week) * DAY).toISOString();
      const r = await prescriber('POST', `/api/v1/patients/${created.json.id}/assessments`, { body: { instrument: 'phq9', answers: phq9(totals[week]), administered_at } });
      assert.equal(r.status, 201, r.text);
    }
  }
  return ids;
}
