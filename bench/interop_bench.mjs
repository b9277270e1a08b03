// FHIR bulk export and import on synthetic clinics of 1,000 and 10,000 patients (about 100
// resources each: a Patient, a Condition, six sessions each with its dose and twelve vital-sign
// Observations, seven PHQ-9 QuestionnaireResponses). For each size it prints:
//  - import with `plasticity import` (one transaction): resources/s and the importer's peak memory;
//  - bulk export ($export to NDJSON files): resources/s, and the server's peak memory before and
//    after, which should not grow with the clinic (the export reads one patient at a time);
//  - the baseline in the same run: `sqlite3 -json` dumping the tables the export reads, rows/s.
//
//   node bench/interop_bench.mjs [1000 10000]
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, BIN, client, signIn, startServer, stopAllServers } from '../tests/support/server.mjs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1000, 10000);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A small fast PRNG, so every run makes the same clinic.
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function synthesize(n, dir) {
  const rnd = random(42);
  const out = { Patient: [], Condition: [], Encounter: [], MedicationAdministration: [], Observation: [], QuestionnaireResponse: [] };
  const day = 86400e3;
  const coding = (system, code) => ({ coding: [{ system, code }] });
  const vital = (id, enc, pid, at, code, value, unit) => ({
    resourceType: 'Observation', id, status: 'final', category: [coding('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs')],
    code: coding('http://loinc.org', code), subject: { reference: `Patient/${pid}` }, encounter: { reference: `Encounter/${enc}` },
    effectiveDateTime: new Date(at).toISOString(), valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit }, device: { display: `monitor-${pid}` },
  });
  for (let p = 0; p < n; p++) {
    const pid = `p${p}`;
    const start = Date.UTC(2021, 0, 4) + Math.floor(rnd() * 1000) * day;
    out.Patient.push({ resourceType: 'Patient', id: pid, identifier: [{ type: coding('http://terminology.hl7.org/CodeSystem/v2-0203', 'MR'), value: `SYN-${p}` }],
      name: [{ family: `Synthetic${p}`, given: ['Pat'] }], gender: rnd() < 0.6 ? 'female' : 'male', birthDate: `${1950 + Math.floor(rnd() * 50)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}` });
    out.Condition.push({ resourceType: 'Condition', id: `${pid}-c`, subject: { reference: `Patient/${pid}` }, code: coding('http://hl7.org/fhir/sid/icd-10-cm', 'F33.2') });
    let total = 14 + Math.floor(rnd() * 12);
    for (let k = 0; k < 7; k++) {
      const items = Array.from({ length: 9 }, (_, i) => ({ linkId: `phq9_${i + 1}`, answer: [{ valueInteger: Math.min(3, Math.max(0, Math.round(total / 9 + (rnd() - 0.5)))) }] }));
      out.QuestionnaireResponse.push({ resourceType: 'QuestionnaireResponse', id: `${pid}-q${k}`, questionnaire: 'urn:plasticity:questionnaire:phq9', status: 'completed',
        subject: { reference: `Patient/${pid}` }, authored: new Date(start + k * 3.5 * day - 3600e3).toISOString(), item: items });
      total = Math.max(0, total - Math.floor(rnd() * 4));
    }
    for (let s = 0; s < 6; s++) {
      const enc = `${pid}-e${s}`;
      const t0 = start + s * 3.5 * day;
      out.Encounter.push({ resourceType: 'Encounter', id: enc, status: 'finished', class: { code: 'AMB' }, type: [{ text: 'iv_ketamine' }],
        subject: { reference: `Patient/${pid}` }, period: { start: new Date(t0).toISOString(), end: new Date(t0 + 2 * 3600e3).toISOString() } });
      out.MedicationAdministration.push({ resourceType: 'MedicationAdministration', id: `${enc}-m`, status: 'completed', subject: { reference: `Patient/${pid}` },
        context: { reference: `Encounter/${enc}` }, effectivePeriod: { start: new Date(t0 + 600e3).toISOString(), end: new Date(t0 + 3000e3).toISOString() },
        dosage: { dose: { value: 35, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } });
      for (let v = 0; v < 4; v++) {
        const at = t0 + 600e3 + v * 900e3;
        out.Observation.push(vital(`${enc}-hr${v}`, enc, pid, at, '8867-4', 60 + Math.floor(rnd() * 40), '/min'));
        out.Observation.push(vital(`${enc}-sp${v}`, enc, pid, at, '2708-6', 94 + Math.floor(rnd() * 6), '%'));
        out.Observation.push(vital(`${enc}-rr${v}`, enc, pid, at, '9279-1', 12 + Math.floor(rnd() * 8), '/min'));
      }
    }
  }
  let count = 0;
  const files = Object.entries(out).map(([type, list]) => {
    const file = join(dir, `${type}.ndjson`);
    writeFileSync(file, list.map((r) => JSON.stringify(r)).join('\n') + '\n');
    count += list.length;
    return file;
  });
  return { files, count };
}

// Peak resident memory (VmHWM) of a process, in MB.
const peakMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function measure(n) {
  const work = mkdtempSync(join(tmpdir(), 'plasticity-interop-bench-'));
  const data = join(work, 'data');
  spawnSync(BIN, ['migrate', '--data', data]);
  assert.equal(addUser(data, 'bench.admin', 'admin').status, 0);
  const { files, count } = synthesize(n, work);

  let t = process.hrtime.bigint();
  const imported = spawnSync('/usr/bin/time', ['-f', '%M', BIN, 'import', '--data', data, '--as', 'bench.admin', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const importSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  assert.equal(imported.status, 0, imported.stderr.slice(-2000));
  const importPeakMb = Number(imported.stderr.trim().split('\n').pop()) / 1024;

  const server = await startServer(data);
  const admin = client(server.url, await signIn(server.url, 'bench.admin'));
  const before = peakMb(server.pid);
  t = process.hrtime.bigint();
  const started = await admin('GET', '/fhir/$export?_type=Patient,Condition,Encounter,MedicationAdministration,Observation,QuestionnaireResponse', { headers: { prefer: 'respond-async' } });
  const status = new URL(started.headers.get('content-location')).pathname;
  let manifest;
  for (;;) {
    const r = await admin('GET', status);
    if (r.status === 200) { manifest = r.json; break; }
    await pause(50);
  }
  const exportSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const exported = manifest.output.reduce((sum, o) => sum + o.count, 0);
  const after = peakMb(server.pid);
  await server.stop();

  const tables = ['patient_versions', 'patient_version_diagnoses', 'treatment_sessions', 'session_transitions', 'vital_readings', 'assessments', 'assessment_answers'];
  t = process.hrtime.bigint();
  const dump = spawnSync('sqlite3', ['-json', join(data, 'plasticity.db'), tables.map((name) => `SELECT * FROM ${name};`).join(' ')], { maxBuffer: 1 << 31 - 1 });
  const sqliteSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  assert.equal(dump.status, 0, String(dump.stderr));
  const counted = spawnSync('sqlite3', [join(data, 'plasticity.db'), `SELECT ${tables.map((name) => `(SELECT count(*) FROM ${name})`).join(' + ')};`], { encoding: 'utf8' });
  const rows = Number(counted.stdout.trim());
  rmSync(work, { recursive: true, force: true });
  return { n, count, importSeconds, importPeakMb, exported, exportSeconds, before, after, rows, sqliteSeconds };
}

const results = [];
for (const n of sizes) {
  const r = await measure(n);
  results.push(r);
  console.log(`${n} patients: ${r.count} resources generated`);
  console.log(`  import   ${r.count} resources in ${r.importSeconds.toFixed(1)} s = ${(r.count / r.importSeconds).toFixed(0)} resources/s; importer peak ${r.importPeakMb.toFixed(0)} MB`);
  console.log(`  export   ${r.exported} resources in ${r.exportSeconds.toFixed(1)} s = ${(r.exported / r.exportSeconds).toFixed(0)} resources/s; server peak ${r.before.toFixed(0)} MB before, ${r.after.toFixed(0)} MB after`);
  console.log(`  sqlite3 -json of the same tables: ${r.rows} rows in ${r.sqliteSeconds.toFixed(1)} s = ${(r.rows / r.sqliteSeconds).toFixed(0)} rows/s; export/sqlite3 = ${((r.exported / r.exportSeconds) / (r.rows / r.sqliteSeconds)).toFixed(2)}`);
}
if (results.length > 1) {
  const [a, b] = [results[0], results[results.length - 1]];
  console.log(`server peak memory growth during export: ${(a.after - a.before).toFixed(0)} MB at ${a.n} patients, ${(b.after - b.before).toFixed(0)} MB at ${b.n}`);
}
await stopAllServers();
