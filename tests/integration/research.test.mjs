// The de-identified research export over HTTP and the command line: HIPAA Safe Harbor
// (45 CFR 164.514(b)(2)). Every exported value is scanned for the identifiers of the source
// patients (names, MRN, record ids, birth dates and any date finer than a year, phone, e-mail,
// emergency contact, device ids, lot numbers, free text) and none is found; ages over 89 are
// "90+"; the export refuses to run below the clinic's k unless an admin gives a reason, audited.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { treatedCourse } from '../support/courses.mjs';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient, clinicArgs } from '../support/server.mjs';

let dataDir, server, prescriber, nurse, researcher, admin;
const identifiers = new Set();
const courses = [];

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['r.md', 'prescriber'], ['r.rn', 'nurse'], ['r.research', 'researcher'], ['r.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir, ['--research-min-k', '3']);
  const as = async (name) => client(server.url, await signIn(server.url, name));
  [prescriber, nurse, researcher, admin] = await Promise.all(['r.md', 'r.rn', 'r.research', 'r.admin'].map(as));
  assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-r', kind: 'chair', name: 'Chair R' } })).status, 201);
  // Three alike (1980s, female, F33) with courses; one more alike without; and one of 91 (1934).
  for (let i = 0; i < 3; i++) {
    courses.push(await treatedCourse({ prescriber, nurse }, { totals: [20, 12 - i], sessions: 2, walked: 1, resource_id: 'chair-r', weeksAhead: i + 1, patient: { given_name: `Quintessa${i}`, family_name: `Zyzzyva${i}` } }));
  }
  const alike = await prescriber('POST', '/api/v1/patients', { body: validPatient({ given_name: 'Wilhelmina', family_name: 'Xanthopoulos' }) });
  const old = await prescriber('POST', '/api/v1/patients', { body: validPatient({ given_name: 'Ottoline', family_name: 'Vandersloot', birth_date: '1934-02-11', sex_at_birth: 'male', diagnoses: [{ code: 'F41.1', display: 'Generalized anxiety disorder' }] }) });
  const session = courses[0].plan.appointments[0].treatment_session_id;
  const ae = await nurse('POST', `/api/v1/sessions/${session}/events`, { body: { kind: 'adverse_event', type: 'other', severity: 'mild', serious: false, description: 'Tinnitus after the walk to the bus stop on Elm Street', interventions: 'reassurance by Nurse Okonkwo' } });
  assert.equal(ae.status, 201, ae.text);
  identifiers.add('Elm Street').add('Okonkwo');
  // Every identifier of every source record: its values, and its ids.
  for (const id of [...courses.map((c) => c.patientId), alike.json.id, old.json.id]) {
    const p = (await prescriber('GET', `/api/v1/patients/${id}`)).json;
    for (const value of [p.id, p.mrn, p.given_name, p.family_name, p.birth_date, p.phone, p.email, p.emergency_contact?.name, p.emergency_contact?.phone]) if (value) identifiers.add(value);
    for (const s of (await prescriber('GET', `/api/v1/patients/${id}/sessions`)).json.items) {
      identifiers.add(s.id);
      if (s.lot_number) identifiers.add(s.lot_number);
      for (const v of (await prescriber('GET', `/api/v1/sessions/${s.id}/vitals`)).json.items) identifiers.add(v.device_id);
    }
    for (const a of (await prescriber('GET', `/api/v1/patients/${id}/assessments`)).json.items) identifiers.add(a.id);
  }
  for (const c of courses) identifiers.add(c.plan.id);
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

// Every string in the export, the names of fields too, checked for each identifier and for any
// date finer than a year (YYYY-MM, or a time).
function leaks(text) {
  const found = [];
  for (const id of identifiers) if (text.toLowerCase().includes(String(id).toLowerCase())) found.push(id);
  const dates = text.match(/\b\d{4}-\d{2}\b|\d{2}:\d{2}/g);
  if (dates) found.push(...dates);
  return found;
}

const exportOf = (as, query = '') => as('GET', `/api/v1/research/export${query}`);
const records = (text) => text.trimEnd().split('\n').map((line) => JSON.parse(line));

describe('research export', () => {
  it('refuses below the clinic\'s k, and an admin\'s override with a reason goes out, audited', async () => {
    assert.ok(identifiers.size > 30, `${identifiers.size} identifiers collected`);
    assert.ok([...identifiers].some((i) => String(i).startsWith('manual:')), 'a device id is among them');
    const refused = await exportOf(researcher);
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.json.detail, /only 1 patient has the rarest combination of birth decade, sex and diagnosis, fewer than the clinic's k of 3/);
    assert.equal((await exportOf(researcher, '?override_reason=because%20I%20want%20it')).status, 400);
    const overridden = await exportOf(admin, '?override_reason=registry%20agreement%20RA-7%20approved');
    assert.equal(overridden.status, 200, overridden.text);
    assert.equal(overridden.headers.get('x-smallest-group'), '1');
    assert.deepEqual(leaks(overridden.text), []);
    const [head, ...rows] = records(overridden.text);
    assert.deepEqual(head, { record: 'export', data_set: 'safe_harbor', smallest_group: 1, min_k: 3, tables: ['patients', 'courses', 'sessions', 'assessments', 'vital_signs'] });
    const patients = rows.filter((r) => r.record === 'patients');
    assert.equal(patients.length, 5);
    // The patient of 91: no birth year, nothing that shows the age.
    const old = patients.find((p) => p.diagnoses[0] === 'F41.1');
    assert.equal(old.birth_year, null);
    assert.deepEqual(patients.filter((p) => p.birth_year === '1980').length, 4);
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${courses[1].patientId}&limit=100`)).json.items;
    const entry = trail.find((e) => e.action === 'research.export.override');
    assert.ok(entry, trail.map((e) => e.action).join());
    assert.match(entry.detail, /override: registry agreement RA-7 approved/);
  });

  it('exports patients, courses, sessions, assessments and vital-sign summaries with no identifier, stable research ids', async () => {
    const first = records((await exportOf(admin, '?override_reason=registry%20agreement%20RA-7%20approved')).text);
    const second = records((await exportOf(admin, '?override_reason=registry%20agreement%20RA-7%20approved')).text);
    const ids = (rs) => rs.filter((r) => r.record === 'patients').map((r) => r.research_id);
    assert.deepEqual(ids(first), ids(second));
    assert.ok(ids(first).every((id) => /^[0-9a-f]{32}$/.test(id)));
    const byTable = (table) => first.filter((r) => r.record === table);
    assert.equal(byTable('courses').length, 3);
    const sessions = byTable('sessions');
    // Each plan booked six; the test courses keep two and cancel four (their sessions aborted).
    assert.equal(sessions.length, 18);
    assert.deepEqual(['discharged', 'scheduled', 'aborted'].map((p) => sessions.filter((s) => s.phase === p).length), [3, 3, 12]);
    assert.ok(sessions.every((s) => s.day === null && /^\d{4}$/.test(s.year)));
    const ae = sessions.find((s) => s.adverse_events === 1);
    assert.deepEqual(ae.adverse_event_kinds, ['other']);
    const assessments = byTable('assessments');
    assert.deepEqual(assessments.map((a) => a.total).sort((a, b) => a - b), [10, 11, 12, 20, 20, 20]);
    assert.equal(Object.keys(assessments[0].answers).length, 9);
    const vitals = byTable('vital_signs');
    assert.ok(vitals.some((v) => v.kind === 'sbp' && v.n === 1 && v.min === 124 && v.max === 124 && v.mean === 124));
  });

  it('adds days from the first session only in the Limited Data Set mode, labelled so, and never a date', async () => {
    const limited = await exportOf(admin, '?data_set=limited&override_reason=registry%20agreement%20RA-7%20approved');
    assert.equal(limited.status, 200);
    assert.equal(limited.headers.get('x-data-set'), 'limited_data_set');
    assert.deepEqual(leaks(limited.text), []);
    const rows = records(limited.text);
    assert.equal(rows[0].data_set, 'limited_data_set');
    const sessions = rows.filter((r) => r.record === 'sessions');
    assert.ok(sessions.every((s) => Number.isInteger(s.day)), JSON.stringify(sessions.map((s) => s.day)));
  });

  it('gives one table as CSV, and refuses what it cannot do by name', async () => {
    const csv = await exportOf(admin, '?format=csv&table=sessions&override_reason=registry%20agreement%20RA-7%20approved');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.equal(csv.text.split('\n')[0], 'research_session_id,research_id,research_course_id,session_number,protocol,drug,route,year,day,phase,dose_mg,dose_mg_per_kg,infusion_minutes,adverse_events,adverse_event_kinds,serious_adverse_events,lowest_moaas,alarms');
    assert.deepEqual(leaks(csv.text), []);
    for (const [query, field] of [['?format=csv', 'table'], ['?format=xml', 'format'], ['?table=notes', 'table'], ['?data_set=full', 'data_set'], ['?since=2026', 'since'], ['?override_reason=short', 'override_reason']]) {
      const r = await exportOf(admin, query);
      assert.equal(r.status, 400, query);
      assert.ok(r.json.errors.some((e) => e.field === field), `${query}: ${r.text}`);
    }
    assert.equal((await exportOf(nurse)).status, 403);
    assert.equal((await exportOf(prescriber)).status, 403);
  });

  it('makes the same export on the command line, CSV a file a table, refusing below --min-k', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plasticity-research-'));
    const refused = spawnSync(BIN, ['export', 'research', ...clinicArgs(dataDir), '--format', 'csv', '--out', out, '--min-k', '3'], { encoding: 'utf8' });
    assert.equal(refused.status, 3, refused.stderr);
    assert.match(refused.stderr, /--min-k: only 1 patient has the rarest combination/);
    const made = spawnSync(BIN, ['export', 'research', ...clinicArgs(dataDir), '--format', 'csv', '--out', out, '--min-k', '3', '--override-reason', 'registry agreement RA-7 approved'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['assessments.csv', 'courses.csv', 'patients.csv', 'sessions.csv', 'vital_signs.csv']);
    for (const file of readdirSync(out)) assert.deepEqual(leaks(readFileSync(join(out, file), 'utf8')), [], file);
    assert.equal(readFileSync(join(out, 'patients.csv'), 'utf8').trimEnd().split('\n').length, 6);
    removeDataDir(out);
  });
});
