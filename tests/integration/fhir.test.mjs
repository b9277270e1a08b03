// The FHIR R4 API and its Bulk Data export over HTTP: a walked course (an infusion with vitals, a
// PHQ-9 before and after, an adverse event) and the demo clinic read as FHIR; every resource
// served or exported accepted by two independent validators (support/fhir_validators.mjs); search
// by patient, date, code, category and _lastUpdated with paging; errors as OperationOutcome; roles
// (a researcher gets no identified FHIR); each read audited on the patient; an export whose server
// was killed reported failed after the restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { treatedCourse } from '../support/courses.mjs';
import { assertAbandonedThenNextRuns, exportClinic, runningExport, synthesizeClinic } from '../support/exports.mjs';
import { validateBundle, validateResource } from '../support/fhir_validators.mjs';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../support/server.mjs';

let dataDir, server, prescriber, nurse, researcher, admin, frontDesk, course;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['x.md', 'prescriber'], ['x.rn', 'nurse'], ['x.research', 'researcher'], ['x.admin', 'admin'], ['x.desk', 'front_desk']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir, ['--demo']);
  const as = async (name) => client(server.url, await signIn(server.url, name));
  [prescriber, nurse, researcher, admin, frontDesk] = await Promise.all(['x.md', 'x.rn', 'x.research', 'x.admin', 'x.desk'].map(as));
  assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-f', kind: 'chair', name: 'Chair F' } })).status, 201);
  course = await treatedCourse({ prescriber, nurse }, { totals: [20, 9], sessions: 2, walked: 1, resource_id: 'chair-f', patient: { mrn: 'FHIR-0001', family_name: 'Fhirpatient' } });
  const session = course.plan.appointments[0].treatment_session_id;
  const ae = await nurse('POST', `/api/v1/sessions/${session}/events`, { body: { kind: 'adverse_event', type: 'nausea', severity: 'mild', serious: false, description: '', interventions: 'ondansetron 4 mg' } });
  assert.equal(ae.status, 201, ae.text);
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const fhir = (as, path, options) => as('GET', `/fhir${path}`, options);
const entries = (bundle) => (bundle.entry ?? []).map((e) => e.resource);

describe('FHIR R4 API', () => {
  it('states what it serves in a CapabilityStatement, without sign-in', async () => {
    const r = await client(server.url)('GET', '/fhir/metadata');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/fhir\+json/);
    assert.equal(r.json.resourceType, 'CapabilityStatement');
    assert.equal(r.json.fhirVersion, '4.0.1');
    assert.deepEqual(validateResource(r.json), []);
    const types = r.json.rest[0].resource.map((x) => x.type);
    assert.deepEqual(types, ['Patient', 'Condition', 'Encounter', 'MedicationAdministration', 'Observation', 'AdverseEvent', 'QuestionnaireResponse', 'Questionnaire']);
  });

  it('reads the patient and finds them by MRN, the MR identifier from v2-0203', async () => {
    const read = await fhir(nurse, `/Patient/${course.patientId}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(validateResource(read.json), []);
    const mrn = read.json.identifier.find((i) => i.type.coding[0].code === 'MR');
    assert.equal(mrn.type.coding[0].system, 'http://terminology.hl7.org/CodeSystem/v2-0203');
    assert.equal(mrn.value, 'FHIR-0001');
    assert.equal(read.json.birthDate, '1980-05-17');
    assert.equal(read.json.gender, 'female');
    const found = (await fhir(frontDesk, '/Patient?identifier=FHIR-0001')).json;
    assert.equal(found.total, 1);
    assert.equal(entries(found)[0].id, course.patientId);
    assert.deepEqual(validateBundle(found), []);
    const byName = (await fhir(frontDesk, '/Patient?name=Fhirpat')).json;
    assert.deepEqual(entries(byName).map((p) => p.id), [course.patientId]);
    const conditions = (await fhir(nurse, `/Condition?patient=${course.patientId}&code=F33.2`)).json;
    assert.equal(conditions.total, 1);
    assert.equal(entries(conditions)[0].code.coding[0].system, 'http://hl7.org/fhir/sid/icd-10-cm');
  });

  it('serves the course: encounters, the dose, vital signs as profiled Observations, the PHQ-9 as answers and a total', async () => {
    const id = course.patientId;
    const bundles = {};
    for (const type of ['Encounter', 'MedicationAdministration', 'Observation', 'QuestionnaireResponse', 'AdverseEvent']) {
      const r = await fhir(nurse, `/${type}?patient=${id}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(validateBundle(r.json), [], type);
      bundles[type] = entries(r.json);
    }
    // The walked session finished, the second booked one planned, the plan's other four cancelled.
    assert.deepEqual(bundles.Encounter.map((e) => e.status).sort(), ['cancelled', 'cancelled', 'cancelled', 'cancelled', 'finished', 'planned']);
    const [dose] = bundles.MedicationAdministration;
    assert.equal(dose.status, 'stopped');  // the test course stops the infusion at once: 0 mg given
    assert.equal(dose.dosage.dose.value, 0);
    assert.equal(dose.dosage.route.coding[0].code, '47625008');
    assert.equal(dose.contained[0].resourceType, 'Medication');
    const bp = bundles.Observation.find((o) => o.code.coding[0].code === '85354-9');
    assert.deepEqual(bp.component.map((c) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.code]), [['8480-6', 124, 'mm[Hg]'], ['8462-4', 78, 'mm[Hg]']]);
    const hr = bundles.Observation.find((o) => o.code.coding[0].code === '8867-4');
    assert.deepEqual(hr.meta.profile, ['http://hl7.org/fhir/StructureDefinition/heartrate']);
    assert.equal(hr.valueQuantity.code, '/min');
    const totals = bundles.Observation.filter((o) => o.category[0].coding[0].code === 'survey');
    assert.deepEqual(totals.map((o) => o.valueQuantity.value), [20, 9]);
    assert.ok(totals.every((o) => o.code.coding[0].code === '44261-6' && o.derivedFrom[0].reference.startsWith('QuestionnaireResponse/')));
    assert.equal(totals[0].interpretation[0].text, 'severe');
    assert.equal(bundles.QuestionnaireResponse.length, 2);
    assert.equal(bundles.QuestionnaireResponse[0].item.length, 9);
    assert.equal(bundles.AdverseEvent[0].severity.coding[0].code, 'mild');
    // Each resource reads back by its id, the same.
    for (const resource of [dose, bp, totals[1], bundles.AdverseEvent[0], bundles.QuestionnaireResponse[1], bundles.Encounter[0]]) {
      const back = await fhir(nurse, `/${resource.resourceType}/${resource.id}`);
      assert.equal(back.status, 200, `${resource.resourceType}/${resource.id}: ${back.text}`);
      assert.deepEqual(back.json, resource);
    }
    const questionnaire = (await fhir(nurse, '/Questionnaire/phq9')).json;
    assert.deepEqual(validateResource(questionnaire), []);
    const byUrl = (await fhir(nurse, `/Questionnaire?url=${encodeURIComponent(questionnaire.url)}`)).json;
    assert.deepEqual(entries(byUrl).map((q) => q.id), ['phq9']);
  });

  it('searches by category, code, date and _lastUpdated, and pages with next links', async () => {
    const id = course.patientId;
    const survey = (await fhir(nurse, `/Observation?patient=Patient/${id}&category=survey`)).json;
    assert.equal(survey.total, 2);
    const byCode = (await fhir(nurse, `/Observation?patient=${id}&code=http://loinc.org|8867-4`)).json;
    assert.ok(byCode.total >= 1 && entries(byCode).every((o) => o.code.coding[0].code === '8867-4'));
    const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
    assert.equal((await fhir(nurse, `/Observation?patient=${id}&date=ge${tomorrow}`)).json.total, 0);
    const year = new Date().toISOString().slice(0, 4);
    const all = (await fhir(nurse, `/Observation?patient=${id}`)).json.total;
    assert.equal((await fhir(nurse, `/Observation?patient=${id}&date=${year}&_lastUpdated=le${tomorrow}`)).json.total, all);
    let page = (await fhir(nurse, `/Observation?patient=${id}&_count=2`)).json;
    const seen = [];
    for (let n = 0; n < 20; n++) {
      assert.ok(page.entry.length <= 2);
      seen.push(...entries(page).map((o) => o.id));
      const next = page.link.find((l) => l.relation === 'next');
      if (!next) break;
      page = (await nurse('GET', new URL(next.url).pathname + new URL(next.url).search)).json;
    }
    assert.equal(seen.length, all);
    assert.equal(new Set(seen).size, all);
  });

  it('refuses what it cannot answer with an OperationOutcome naming the parameter', async () => {
    const cases = [
      [nurse, `/Observation?patient=${course.patientId}&colour=blue`, 400, 'colour'],
      [nurse, '/Observation?code=8867-4', 400, 'patient'],
      [nurse, `/Observation?patient=${course.patientId}&date=yesterday`, 400, 'date'],
      [nurse, `/Observation?patient=${course.patientId}&_count=0`, 400, '_count'],
      [nurse, '/Medication', 404, null],
      [nurse, '/Patient/nope', 404, null],
      [client(server.url), `/Patient/${course.patientId}`, 401, null],
      [researcher, `/Patient/${course.patientId}`, 403, null],
      [researcher, `/Observation?patient=${course.patientId}`, 403, null],
      [frontDesk, `/Observation?patient=${course.patientId}`, 403, null],
    ];
    for (const [as, path, status, field] of cases) {
      const r = await fhir(as, path);
      assert.equal(r.status, status, `${path}: ${r.text}`);
      assert.match(r.headers.get('content-type'), /^application\/fhir\+json/);
      assert.equal(r.json.resourceType, 'OperationOutcome', path);
      assert.deepEqual(validateResource(r.json), [], path);
      if (field) assert.deepEqual(r.json.issue[0].expression, [field], path);
    }
  });

  it('audits every read and search on the patient', async () => {
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${course.patientId}&limit=200`)).json.items;
    const actions = new Set(trail.map((e) => e.action));
    assert.ok(actions.has('fhir.read'), [...actions].join());
    assert.ok(actions.has('fhir.search'));
  });
});

describe('FHIR Bulk Data export', () => {
  const kickOff = (as, path = '/$export', prefer = true) => fhir(as, path, { headers: prefer ? { prefer: 'respond-async', accept: 'application/fhir+json' } : {} });
  async function finished(as, location) {
    const path = new URL(location).pathname;
    for (let n = 0; n < 300; n++) {
      const r = await as('GET', path);
      if (r.status !== 202) return r;
      assert.match(r.headers.get('x-progress'), /\d+ patients, \d+ resources/);
      await pause(100);
    }
    throw new Error('the export did not finish');
  }

  it('exports the whole clinic as NDJSON that both validators accept, resource by resource', async () => {
    assert.equal((await kickOff(admin, '/$export', false)).status, 400);
    assert.equal((await kickOff(nurse)).status, 403);
    assert.equal((await kickOff(researcher)).status, 403);
    const started = await kickOff(admin);
    assert.equal(started.status, 202, started.text);
    const location = started.headers.get('content-location');
    assert.match(location, /\/fhir\/\$export-poll\/[0-9a-f]{32}$/);
    assert.equal((await nurse('GET', new URL(location).pathname)).status, 403);
    const done = await finished(admin, location);
    assert.equal(done.status, 200, done.text);
    const manifest = done.json;
    assert.equal(manifest.requiresAccessToken, true);
    assert.deepEqual(manifest.error, []);
    assert.ok(manifest.request.endsWith('/fhir/$export'));
    const types = new Set(manifest.output.map((o) => o.type));
    for (const t of ['Patient', 'Condition', 'Encounter', 'MedicationAdministration', 'Observation', 'QuestionnaireResponse', 'AdverseEvent', 'Questionnaire']) assert.ok(types.has(t), t);
    const problems = [];
    const patients = new Set();
    for (const output of manifest.output) {
      const file = await admin('GET', new URL(output.url).pathname);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'application/fhir+ndjson');
      const lines = file.text.trimEnd().split('\n');
      assert.equal(lines.length, output.count, output.url);
      for (const line of lines) {
        const resource = JSON.parse(line);
        assert.equal(resource.resourceType, output.type);
        if (resource.resourceType === 'Patient') patients.add(resource.id);
        problems.push(...validateResource(resource).map((e) => `${resource.resourceType}/${resource.id}: ${e}`));
      }
    }
    assert.deepEqual(problems, []);
    const everyone = (await admin('GET', '/api/v1/patients?limit=200')).json.items;
    assert.equal(patients.size, everyone.length);
    // Each exported patient's audit trail names the export.
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${course.patientId}&limit=200`)).json.items;
    assert.ok(trail.some((e) => e.action === 'fhir.export'));
    // Cancelling removes the files: the job is gone.
    assert.equal((await admin('DELETE', new URL(location).pathname)).status, 202);
    assert.equal((await admin('GET', new URL(location).pathname)).status, 404);
    assert.equal((await admin('GET', new URL(manifest.output[0].url).pathname)).status, 404);
  });

  it('exports one patient compartment by _type and _since, and refuses what it cannot do by name', async () => {
    const bad = await fhir(admin, '/Patient/$export?_type=Questionnaire,Basic&_since=soon', { headers: { prefer: 'respond-async' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.resourceType, 'OperationOutcome');
    assert.deepEqual(bad.json.issue.map((i) => i.expression[0]).sort(), ['_since', '_type', '_type']);
    const future = new Date(Date.now() + 3600e3).toISOString();
    const none = await finished(admin, (await fhir(admin, `/Patient/$export?_type=Observation&_since=${future}`, { headers: { prefer: 'respond-async' } })).headers.get('content-location'));
    assert.deepEqual(none.json.output, []);
    const started = await fhir(admin, '/Patient/$export?_type=Patient,AdverseEvent', { headers: { prefer: 'respond-async' } });
    const done = await finished(admin, started.headers.get('content-location'));
    assert.deepEqual([...new Set(done.json.output.map((o) => o.type))], ['Patient', 'AdverseEvent']);
  });
});

describe('a FHIR Bulk Data export whose server stopped', () => {
  let clinic;
  after(() => removeDataDir(clinic));

  it('is reported failed after a restart, and lets the next export run', async () => {
    clinic = makeDataDir();
    // 300 patients with a reading every 5 minutes: an export that takes seconds.
    synthesizeClinic(clinic, 300);
    assert.equal(addUser(clinic, 'k.admin', 'admin').status, 0);
    const first = await startServer(clinic);
    const token = await signIn(first.url, 'k.admin');
    const started = await exportClinic(client(first.url, token));
    assert.equal(started.status, 202, started.text);
    const path = new URL(started.headers.get('content-location')).pathname;
    await runningExport(client(first.url, token), path);
    await first.kill9();

    const again = await startServer(clinic);
    const admin = client(again.url, token);
    const next = await assertAbandonedThenNextRuns(admin, await admin('GET', path));
    assert.equal((await admin('DELETE', new URL(next.headers.get('content-location')).pathname)).status, 202);
    await again.stop();
  });
});
