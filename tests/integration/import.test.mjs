// Bringing a clinic's history in: the demo clinic, with a walked course, exported as FHIR (bulk
// export) and imported into an empty clinic with `plasticity import` gives the same export apart
// from server-made ids and who entered it; a dry run writes nothing; a second run adds nothing;
// an error anywhere imports nothing and names the line and field; POST /fhir takes a transaction
// Bundle; CSV files from a spreadsheet, totals without items kept as totals only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { treatedCourse } from '../support/courses.mjs';
import { validateResource } from '../support/fhir_validators.mjs';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, clinicArgs } from '../support/server.mjs';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let source, target, files, sourceAdmin, exported;

// Every resource of a clinic, by bulk export.
async function exportAll(admin) {
  const started = await admin('GET', '/fhir/$export', { headers: { prefer: 'respond-async' } });
  assert.equal(started.status, 202, started.text);
  const status = new URL(started.headers.get('content-location')).pathname;
  for (let n = 0; n < 300; n++) {
    const r = await admin('GET', status);
    if (r.status === 200) {
      const out = {};
      for (const o of r.json.output) {
        const text = (await admin('GET', new URL(o.url).pathname)).text;
        out[o.type] = (out[o.type] ?? '') + text;
      }
      await admin('DELETE', status);
      return out;
    }
    await pause(100);
  }
  throw new Error('export did not finish');
}

const importCli = (dataDir, args) => spawnSync(BIN, ['import', ...clinicArgs(dataDir), '--as', 'i.admin', ...args], { encoding: 'utf8' });

before(async () => {
  source = { dir: makeDataDir() };
  for (const [name, role] of [['s.md', 'prescriber'], ['s.rn', 'nurse'], ['s.admin', 'admin']]) assert.equal(addUser(source.dir, name, role).status, 0);
  source.server = await startServer(source.dir, ['--demo']);
  const as = async (name) => client(source.server.url, await signIn(source.server.url, name));
  const [prescriber, nurse] = [await as('s.md'), await as('s.rn')];
  sourceAdmin = await as('s.admin');
  assert.equal((await sourceAdmin('POST', '/api/v1/resources', { body: { id: 'chair-i', kind: 'chair', name: 'Chair I' } })).status, 201);
  const course = await treatedCourse({ prescriber, nurse }, { totals: [21, 8], sessions: 2, walked: 1, resource_id: 'chair-i', patient: { mrn: 'IMP-0001' } });
  const session = course.plan.appointments[0].treatment_session_id;
  assert.equal((await nurse('POST', `/api/v1/sessions/${session}/events`, { body: { kind: 'adverse_event', type: 'headache', severity: 'moderate', serious: false, description: 'frontal', interventions: '' } })).status, 201);
  exported = await exportAll(sourceAdmin);
  const dir = mkdtempSync(join(tmpdir(), 'plasticity-import-'));
  files = Object.entries(exported).map(([type, text]) => {
    const file = join(dir, `${type}.ndjson`);
    writeFileSync(file, text);
    return file;
  });
  target = { dir: makeDataDir() };
  assert.equal(addUser(target.dir, 'i.admin', 'admin').status, 0);
  assert.equal(addUser(target.dir, 'i.md', 'prescriber').status, 0);
});

after(async () => {
  await stopAllServers();
  removeDataDir(source.dir);
  removeDataDir(target.dir);
});

// A resource as both clinics would write it for the same history: no server-made ids, references
// or authoring staff; each resource keyed by type and the MRN of its patient.
function canonical(byType, patientMrn) {
  const strip = new Set(['id', 'meta', 'subject', 'encounter', 'context', 'derivedFrom', 'performer', 'recorder', 'source']);
  const clean = (value) => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => !strip.has(k)).map(([k, v]) => [k, clean(v)]));
    }
    return value;
  };
  const out = [];
  for (const [type, text] of Object.entries(byType)) {
    if (type === 'Questionnaire') continue;
    for (const line of text.trimEnd().split('\n')) {
      const r = JSON.parse(line);
      if (r.resourceType === 'Encounter' && !['finished', 'cancelled'].includes(r.status)) continue;  // not history
      const patient = r.resourceType === 'Patient' ? r.id : (r.subject?.reference ?? '').replace('Patient/', '');
      if (r.resourceType === 'QuestionnaireResponse') r.selfReported = (r.source?.reference ?? '').startsWith('Patient/');
      out.push(`${patientMrn[patient]} ${type} ${JSON.stringify(clean(r))}`);
    }
  }
  return out.sort();
}
const mrnsOf = (byType) => Object.fromEntries(byType.Patient.trimEnd().split('\n').map((l) => JSON.parse(l)).map((p) => [p.id, p.identifier[0].value]));

describe('import of a clinic\'s history', () => {
  it('checks everything in a dry run and writes nothing', () => {
    const dry = importCli(target.dir, ['--dry-run', ...files]);
    assert.equal(dry.status, 0, dry.stderr);
    const counts = JSON.parse(dry.stdout.trim().split('\n').pop());
    assert.equal(counts.dry_run, true);
    assert.ok(counts.patients >= 7 && counts.sessions >= 2 && counts.assessments >= 2 && counts.vital_readings > 0, dry.stdout);
    const again = JSON.parse(importCli(target.dir, ['--dry-run', ...files]).stdout.trim().split('\n').pop());
    assert.deepEqual(again, counts);  // nothing was written by the first
  });

  it('imports the export whole; the new clinic exports the same history; a second run adds nothing', async () => {
    const run = importCli(target.dir, files);
    assert.equal(run.status, 0, run.stderr);
    const counts = JSON.parse(run.stdout.trim().split('\n').pop());
    const second = JSON.parse(importCli(target.dir, files).stdout.trim().split('\n').pop());
    assert.deepEqual([second.patients, second.sessions, second.assessments, second.vital_readings], [0, 0, 0, 0]);
    assert.equal(second.patients_already_here, counts.patients);
    assert.equal(second.sessions_already_here, counts.sessions);
    assert.equal(second.assessments_already_here, counts.assessments);

    target.server = await startServer(target.dir);
    const admin = client(target.server.url, await signIn(target.server.url, 'i.admin'));
    const back = await exportAll(admin);
    const problems = [];
    for (const text of Object.values(back)) for (const line of text.trimEnd().split('\n')) problems.push(...validateResource(JSON.parse(line)));
    assert.deepEqual(problems, []);
    assert.deepEqual(canonical(back, mrnsOf(back)), canonical(exported, mrnsOf(exported)));
    // The same outcome figures, from the same history. (Not the flow: its screened, eligible and
    // plan-confirmed steps count screenings and plans, which FHIR does not carry.)
    const figures = async (as) => {
      const report = (await as('GET', '/api/v1/reports/outcomes?instrument=phq9')).json;
      return [report.patients_with_baseline, report.patients_with_follow_up, report.ever_response, report.ever_remission,
        report.last_response, report.time_to_response, report.by_session];
    };
    const mine = await figures(admin);
    assert.ok(mine[0] >= 1 && mine[2].denominator >= 1, JSON.stringify(mine));
    assert.deepEqual(mine, await figures(sourceAdmin));
    // The imported records say so: the patient's first version, and the audit trail with counts.
    const patient = (await admin('GET', '/api/v1/patients?query=IMP-0001')).json.items[0];
    const history = (await admin('GET', `/api/v1/patients/${patient.id}/history`)).json.versions;
    assert.match(history[0].reason, /^imported from fhir:/);
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${patient.id}`)).json.items;
    assert.ok(trail.some((e) => e.action === 'import.run' && /"patients":/.test(e.detail)));
  });

  it('imports nothing when one record is wrong, naming the line and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plasticity-bad-'));
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, [
      JSON.stringify({ resourceType: 'Patient', id: 'n1', identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'NEW-1' }], name: [{ family: 'New', given: ['Nia'] }], birthDate: '1990-01-01', gender: 'female' }),
      JSON.stringify({ resourceType: 'Patient', id: 'n2', name: [{ family: 'Nomrn' }], birthDate: '1990-02-30' }),
      'not json',
    ].join('\n'));
    const r = importCli(target.dir, [file]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /bad\.ndjson:2 Patient\/n2: identifier: a Patient needs its MRN/);
    assert.match(r.stderr, /bad\.ndjson:2 Patient\/n2: birthDate: must be a full date/);
    assert.match(r.stderr, /bad\.ndjson:3: not a FHIR resource/);
    assert.match(r.stderr, /nothing was imported/);
    const none = importCli(target.dir, ['--dry-run', join(dir, 'bad.ndjson')]);
    assert.equal(none.status, 3);
    removeDataDir(dir);
  });

  it('takes a transaction Bundle at POST /fhir, for an admin', async () => {
    const admin = client(target.server.url, await signIn(target.server.url, 'i.admin'));
    const bundle = {
      resourceType: 'Bundle', type: 'transaction', entry: [
        { resource: { resourceType: 'Patient', id: 'b1', identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'BUN-1' }], name: [{ family: 'Bundle', given: ['Bea'] }], birthDate: '1985-03-04', gender: 'female' }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', id: 'o1', status: 'final', category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }], code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] }, subject: { reference: 'Patient/b1' }, effectiveDateTime: '2024-05-01T10:00:00Z', valueQuantity: { value: 17, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' } }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const r = await admin('POST', '/fhir', { body: bundle, headers: { 'content-type': 'application/fhir+json' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.type, 'transaction-response');
    assert.deepEqual(r.json.entry.map((e) => e.response.status), ['201 Created', '201 Created']);
    const id = r.json.entry[0].response.location.split('/')[1];
    // A total without its items stays a total: no answers, marked so.
    const [phq] = (await admin('GET', `/api/v1/patients/${id}/assessments`)).json.items;
    assert.deepEqual([phq.instrument, phq.total, phq.severity, phq.source, Object.keys(phq.answers ?? {}).length], ['phq9', 17, 'moderately_severe', 'import_total_only', 0]);
    const again = await admin('POST', '/fhir', { body: bundle, headers: { 'content-type': 'application/fhir+json' } });
    assert.deepEqual(again.json.entry.map((e) => e.response.status), ['200 OK', '200 OK']);
    const nurse = await admin('POST', '/fhir', { body: { resourceType: 'Patient' } });
    assert.equal(nurse.status, 400);
    assert.equal(nurse.json.resourceType, 'OperationOutcome');
  });
});

describe('import from a spreadsheet (CSV)', () => {
  const templates = ['patients.csv', 'sessions.csv', 'assessments.csv'].map((f) => new URL(`../../docs/import/${f}`, import.meta.url).pathname);

  it('imports the documented templates: items scored, a total alone kept as a total', async () => {
    const dry = importCli(target.dir, ['--csv', '--dry-run', ...templates]);
    assert.equal(dry.status, 0, dry.stderr);
    const run = importCli(target.dir, ['--csv', ...templates]);
    assert.equal(run.status, 0, run.stderr);
    const counts = JSON.parse(run.stdout.trim().split('\n').pop());
    assert.deepEqual([counts.patients, counts.sessions, counts.assessments], [2, 3, 3]);
    const again = JSON.parse(importCli(target.dir, ['--csv', ...templates]).stdout.trim().split('\n').pop());
    assert.deepEqual([again.patients, again.sessions, again.assessments], [0, 0, 0]);
    const prescriber = client(target.server.url, await signIn(target.server.url, 'i.md'));
    const alma = (await prescriber('GET', '/api/v1/patients?query=CSV-1001')).json.items[0];
    const phq = (await prescriber('GET', `/api/v1/patients/${alma.id}/assessments?instrument=phq9`)).json.items;
    assert.deepEqual(phq.map((a) => [a.total, a.source]), [[19, 'import'], [9, 'import_total_only']]);
    const sessions = (await prescriber('GET', `/api/v1/patients/${alma.id}/sessions`)).json.items;
    assert.deepEqual(sessions.map((s) => s.phase), ['discharged', 'discharged']);
  });

  it('names the file, row and column of every error, and imports nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plasticity-csv-'));
    writeFileSync(join(dir, 'patients.csv'), 'mrn,given_name,family_name,birth_date,sex_at_birth,shoe_size\nCSV-2001,Dee,Bad,1980-13-01,woman,42\n');
    writeFileSync(join(dir, 'assessments.csv'), 'mrn,instrument,administered_at,total\nCSV-2001,phq9,yesterday,30\nNOPE-1,phq9,2025-01-01T00:00:00Z,3\n');
    writeFileSync(join(dir, 'sessions.csv'), 'mrn,protocol,started_at,outcome,ended_at,dose_mg\nCSV-2001,iv_ketamine,2025-01-06T11:00:00Z,discharged,2025-01-06T09:00:00Z,30\nCSV-2001,iv_ketamine,2099-01-06T09:00:00Z,discharged,2099-01-06T11:00:00Z,30\n');
    const r = importCli(target.dir, ['--csv', join(dir, 'patients.csv'), join(dir, 'assessments.csv'), join(dir, 'sessions.csv')]);
    assert.equal(r.status, 3);
    for (const expected of [/patients\.csv: the column shoe_size is not in the template/, /patients\.csv row 2: birth_date must be a date/,
      /patients\.csv row 2: sex_at_birth must be female, male, intersex or unknown/, /assessments\.csv row 2: administered_at must be a date and time/,
      /assessments\.csv row 2: the total must be 0 to 27/, /assessments\.csv row 3: its patient mrn:NOPE-1 is not in this import/,
      /sessions\.csv row 2: the session ends before it starts/, /sessions\.csv row 3: a session still to come is not history/]) {
      assert.match(r.stderr, expected);
    }
    removeDataDir(dir);
  });
});
