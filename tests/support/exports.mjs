// FHIR bulk exports in tests that need one to run for a while: a synthetic clinic large enough
// that its export takes seconds, the kick-off, and a poll until the export is seen under way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, clinicArgs } from './server.mjs';

// `patients` with a reading every 5 minutes of each session: about 500 Observations a patient.
export function synthesizeClinic(dir, patients) {
  const run = spawnSync(BIN, ['synthesize', ...clinicArgs(dir), '--patients', String(patients), '--years', '1',
    '--chairs', '2', '--vitals-every-seconds', '300', '--seed', '3'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`synthesize failed: ${run.stderr}`);
}

export const exportClinic = (as) => as('GET', '/fhir/$export', { headers: { prefer: 'respond-async' } });

// Polls `path` until the export reports patients done while still running; throws when it ends
// first (the clinic is too small to see it run).
export async function runningExport(as, path) {
  for (let i = 0; i < 600; i++) {
    const poll = await as('GET', path);
    if (poll.status !== 202) throw new Error(`the export ended before it was seen under way: ${poll.status} ${poll.text}`);
    if (/^[1-9]\d* patients/.test(poll.headers.get('x-progress'))) return poll;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the export showed no progress in 30 s');
}

// The poll of an export whose server was killed while it ran: reported failed, with the reason;
// then the kick-off of the next, which runs. Returns that kick-off's answer.
export async function assertAbandonedThenNextRuns(as, poll) {
  assert.equal(poll.status, 500, poll.text);
  assert.match(poll.json.issue[0].diagnostics, /the server running it stopped before it finished/);
  const next = await exportClinic(as);
  assert.equal(next.status, 202, next.text);
  return next;
}
