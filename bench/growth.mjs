// Every screen as fast on day 1,800 as on day 1. For a 1-year and a 5-year synthetic clinic of
// 12 chairs (`plasticity synthesize`), each screen's p50 and p99 over HTTP against a running
// server: patient search (exact MRN, a name fragment), a chart, a patient's sessions, the audit
// of one patient and of one user, the nurse station with 12 chairs in session, the calendar this
// week, both clinics asked in turn; then the ratio 5-year / 1-year (target: at most 1.3 for every
// screen), vital-sign ingest over JSON on each, the bytes each stored reading and audit row take,
// and the synthesis, backup and restore times.
//   node bench/growth.mjs [patients-per-year, default 600] [vitals-every-seconds, default 60]
// (a 12-chair clinic sees about 600 new patients a year; monitors send every 5 s, which makes a
// 5-year clinic of about 200 million readings: pass 5 for that, and hours to grow it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../tests/support/server.mjs';

const perYear = Number(process.argv[2] ?? 600);
const every = Number(process.argv[3] ?? 60);
const RUNS = 200;

function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// p50 and p99 of one screen on each clinic, the two asked in turn so that whatever else the
// machine is doing weighs on both alike; and how many items the last answers listed (the work a
// screen shows may itself grow: more patients share a name fragment after five years).
async function measurePair(calls) {
  const samples = calls.map(() => []);
  const items = calls.map(() => 0);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, call] of calls.entries()) {
      const t0 = process.hrtime.bigint();
      const r = await call(i);
      samples[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      assert.ok(r.status < 300, `${r.status} ${r.text?.slice(0, 200)}`);
      items[k] = (r.json?.items ?? r.json?.appointments ?? [r.json]).length;
    }
  }
  return samples.map((s, k) => {
    s.sort((a, b) => a - b);
    return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), items: items[k] };
  });
}

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// Bytes the database gives a table and its indexes (the dbstat virtual table).
function tableBytes(db, table) {
  return Number(sqlite(db, `SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = '${table}' OR name IN (SELECT name FROM sqlite_master WHERE tbl_name = '${table}' AND type = 'index')`));
}

// A clinic of `years` grown, measured on disk, backed up and restored.
function grow(years) {
  const dir = makeDataDir();
  const grown = timed(() => spawnSync(BIN, ['synthesize', '--data', dir, '--patients', String(perYear * years), '--years', String(years), '--chairs', '12', '--vitals-every-seconds', String(every), '--seed', '2026'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  assert.equal(grown.result.status, 0, grown.result.stderr);
  const made = JSON.parse(grown.result.stdout.trim().split('\n').at(-1));
  const db = join(dir, 'plasticity.db');
  const bytes = {
    file: statSync(db).size,
    // Readings of finished sessions are sealed into blocks (synthesize seals as it goes).
    per_reading: (tableBytes(db, 'vital_readings') + tableBytes(db, 'vital_blocks') + tableBytes(db, 'session_latest_vitals')) /
      Number(sqlite(db, 'SELECT (SELECT coalesce(sum(readings), 0) FROM vital_blocks) + (SELECT count(*) FROM vital_readings)')),
    per_audit_row: (tableBytes(db, 'audit_log') + tableBytes(db, 'audit_patients')) / Number(sqlite(db, 'SELECT count(*) FROM audit_log')),
  };
  const backup = timed(() => spawnSync(BIN, ['backup', '--data', dir, '--to', join(dir, 'backup.db')], { encoding: 'utf8' }));
  assert.equal(backup.result.status, 0, backup.result.stderr);
  // Restored into a directory of its own: the integrity and schema checks, then the copy.
  const restoredDir = makeDataDir();
  const restore = timed(() => spawnSync(BIN, ['restore', '--data', restoredDir, '--from', join(dir, 'backup.db')], { encoding: 'utf8' }));
  assert.equal(restore.result.status, 0, restore.result.stderr);
  removeDataDir(restoredDir);
  return { dir, made, bytes, synthesize_s: grown.seconds, backup_s: backup.seconds, restore_s: restore.seconds };
}

// Its server started and signed in to, after both clinics are grown: a staff session left idle
// while the other clinic grows (half an hour at 5 s) would have expired.
async function serve(clinic) {
  const { dir, made } = clinic;
  const db = join(dir, 'plasticity.db');
  assert.equal(addUser(dir, 'g.admin', 'admin').status, 0);
  assert.equal(addUser(dir, 'g.md', 'prescriber').status, 0);
  assert.equal(addUser(dir, 'g.rn', 'nurse').status, 0);
  const server = await startServer(dir);
  const [admin, md, nurse] = await Promise.all(['g.admin', 'g.md', 'g.rn'].map(async (n) => client(server.url, await signIn(server.url, n))));

  // A typical patient: the one nearest the middle of the registry whose record holds one induction
  // of six sessions, so both clinics show the same amount of one patient's history (flatness is
  // about the clinic's history, not how much of it one patient has). And 12 chairs in session now.
  const mrn = (i) => `SYN-${String(i).padStart(6, '0')}`;
  const typical = sqlite(db, `SELECT mrn FROM patients p WHERE (SELECT count(*) FROM treatment_sessions s WHERE s.patient_id = p.id) = 6 ORDER BY abs(p.rowid - ${Math.floor(made.patients / 2)}) LIMIT 1`);
  const middle = (await md('GET', `/api/v1/patients?query=${typical}`)).json.items[0];
  const now = Date.now();
  const sessions = [];
  for (let c = 1; c <= 12; c++) {
    const p = (await md('GET', `/api/v1/patients?query=${mrn(made.patients - c)}`)).json.items[0];
    const s = await md('POST', '/api/v1/sessions', { body: { patient_id: p.id, protocol: 'iv_ketamine', scheduled_at: new Date(now).toISOString(), chair: `Chair ${c}`, dose_mg_per_kg: 0.5, weight_kg: 70, concentration_mg_per_ml: 10, infusion_minutes: 40, reason: '', lot_number: 'BENCH', lot_expiry: '2030-01-01' } });
    assert.equal(s.status, 201, s.text);
    sessions.push(s.json.id);
    const readings = [];
    for (let m = 0; m < 30; m++) {
      const at = new Date(now - (30 - m) * 60_000).toISOString();
      readings.push({ at, kind: 'hr', value: 70 + (m % 5), unit: '/min', device_id: `bench-monitor-${c}` }, { at, kind: 'sbp', value: 120 + (m % 7), unit: 'mm[Hg]', device_id: `bench-monitor-${c}` });
    }
    assert.equal((await nurse('POST', `/api/v1/sessions/${s.json.id}/vitals`, { body: { readings } })).status, 200);
  }
  const monday = new Date(now - ((new Date(now).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  const sunday = new Date(Date.parse(monday) + 6 * 86_400_000).toISOString().slice(0, 10);
  const screens = {
    'search, exact MRN': (i) => md('GET', `/api/v1/patients?query=${mrn(1 + (i * 7919) % made.patients)}`),
    // A fragment a full page of patients in both clinics share ("smi" matches fewer than a page of
    // the 1-year clinic's, which would compare pages of different sizes).
    'search, name "son"': () => md('GET', '/api/v1/patients?query=son'),
    'a chart': () => md('GET', `/api/v1/patients/${middle.id}`),
    "a patient's sessions": () => md('GET', `/api/v1/patients/${middle.id}/sessions`),
    "a patient's PHQ-9s": () => md('GET', `/api/v1/patients/${middle.id}/assessments?instrument=phq9`),
    'audit, one patient': () => admin('GET', `/api/v1/audit?patient_id=${middle.id}&limit=100`),
    'audit, one user': () => admin('GET', '/api/v1/audit?username=synthetic.nurse1&limit=100'),
    'nurse station, 12 chairs': () => nurse('GET', '/api/v1/sessions'),
    'calendar, this week': () => md('GET', `/api/v1/calendar?from=${monday}&to=${sunday}`),
  };
  return { ...clinic, screens, nurse, sessions };
}

const grown = [grow(1), grow(5)];
const one = await serve(grown[0]);
const five = await serve(grown[1]);
for (const c of [one, five]) c.figures = {};
for (const name of Object.keys(one.screens)) {
  [one.figures[name], five.figures[name]] = await measurePair([one.screens[name], five.screens[name]]);
}
// Vital-sign ingest over JSON into the 12 sessions: four senders, batches of 500 readings.
async function ingestRate(c) {
  const [senders, batches, perBatch] = [4, 48, 500];
  const start = Date.now() - 50 * 60_000;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: senders }, async (_, w) => {
    for (let b = w; b < batches; b += senders) {
      const readings = Array.from({ length: perBatch }, (_, k) => ({ at: new Date(start + (b * perBatch + k) * 10).toISOString(), kind: 'hr', value: 60 + (k % 40), unit: '/min', device_id: `ingest-${w}` }));
      const r = await c.nurse('POST', `/api/v1/sessions/${c.sessions[b % c.sessions.length]}/vitals`, { body: { readings } });
      assert.equal(r.status, 200, r.text);
    }
  }));
  return (batches * perBatch) / (Number(process.hrtime.bigint() - t0) / 1e9);
}
for (const c of [one, five]) c.ingest = await ingestRate(c);
await stopAllServers();
removeDataDir(one.dir);
removeDataDir(five.dir);
console.log(`growth: ${perYear} patients a year, 12 chairs, a reading set every ${every} s`);
for (const [label, c] of [['1 year', one], ['5 years', five]]) {
  console.log(`${label}: ${c.made.patients} patients, ${c.made.sessions} sessions, ${c.made.vital_readings} readings, ${c.made.assessments} assessments, ${c.made.audit_rows} audit rows; synthesized in ${c.synthesize_s.toFixed(1)} s (${Math.round(c.made.vital_readings / c.synthesize_s)} readings/s); file ${(c.bytes.file / 1e6).toFixed(1)} MB; ${c.bytes.per_reading.toFixed(1)} B/reading; ${c.bytes.per_audit_row.toFixed(1)} B/audit row; backup ${c.backup_s.toFixed(2)} s; restore ${c.restore_s.toFixed(2)} s`);
}
console.log(`${'screen'.padEnd(26)} ${'1y items'.padStart(8)} ${'1y p50'.padStart(8)} ${'1y p99'.padStart(8)} ${'5y items'.padStart(8)} ${'5y p50'.padStart(8)} ${'5y p99'.padStart(8)} ${'5y/1y p50'.padStart(10)}`);
for (const name of Object.keys(one.figures)) {
  const [a, b] = [one.figures[name], five.figures[name]];
  const ratio = b.p50 / a.p50;
  console.log(`${name.padEnd(26)} ${String(a.items).padStart(8)} ${a.p50.toFixed(2).padStart(8)} ${a.p99.toFixed(2).padStart(8)} ${String(b.items).padStart(8)} ${b.p50.toFixed(2).padStart(8)} ${b.p99.toFixed(2).padStart(8)} ${ratio.toFixed(2).padStart(10)}${ratio > 1.3 ? '  (above 1.3)' : ''}`);
}
console.log(`vitals ingest over JSON (4 senders, 500 readings a batch): 1 year ${Math.round(one.ingest)} readings/s, 5 years ${Math.round(five.ingest)} readings/s (${(five.ingest / one.ingest).toFixed(2)})`);
console.log('times in ms over HTTP on loopback, 200 requests each, the two clinics asked in turn; target: 5-year/1-year at most 1.3 for every screen');
