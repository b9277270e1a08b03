// Starts the real `plasticity serve` on an ephemeral port with a temporary data directory, and
// talks to it over HTTP. Used by the integration tests and the browser test.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WebSocket = createRequire(new URL('../../web/package.json', import.meta.url))('ws');

export const BIN = process.env.PLASTICITY_BIN ?? new URL('../../build/plasticity', import.meta.url).pathname;

// With PLASTICITY_TEST_POSTGRESQL=1 (ctest's http_integration_postgresql, under pg_virtualenv,
// which sets PGHOST, PGPORT, PGUSER and PGPASSWORD), every clinic a test makes keeps its records in
// a new PostgreSQL database of its own instead of the data directory's SQLite file.
export const POSTGRESQL = process.env.PLASTICITY_TEST_POSTGRESQL === '1';
const databases = new Map();  // data directory → postgresql://...

// A new clinic's data directory; its records in a PostgreSQL database of its own under
// PLASTICITY_TEST_POSTGRESQL=1, or when asked (`{ postgresql: true }`, a benchmark comparing both).
export function makeDataDir({ postgresql = POSTGRESQL } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'plasticity-it-'));
  if (postgresql) databases.set(dir, createDatabase());
  return dir;
}

// A describe whose tests were all filtered out (--test-name-pattern) never made its directory.
export function removeDataDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// A command's clinic: its data directory, and --database when its records are in PostgreSQL.
export function clinicArgs(dataDir) {
  return ['--data', dataDir, ...(databases.has(dataDir) ? ['--database', databases.get(dataDir)] : [])];
}

// A new database on the test server (UTF-8, C collation, as docs/operations.md asks); the cluster
// and its databases go when pg_virtualenv ends.
export function createDatabase() {
  const { PGHOST, PGPORT, PGUSER, PGPASSWORD } = process.env;
  const name = `plasticity_it_${randomBytes(6).toString('hex')}`;
  const created = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-d', 'postgres', '-c',
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`cannot create a test database: ${created.stderr}`);
  return `postgresql://${PGUSER}:${PGPASSWORD}@${PGHOST}:${PGPORT}/${name}`;
}

// Runs `plasticity user add`, piping the password on standard input.
export function addUser(dataDir, username, role, password = 'correct horse battery staple') {
  const result = spawnSync(BIN, ['user', 'add', ...clinicArgs(dataDir), '--username', username, '--role', role], {
    input: password + '\n',
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const running = new Set();

// Kills every server a test started and did not stop (a failed assertion skips its stop()), so
// the test process can end instead of waiting on their pipes.
export async function stopAllServers() {
  await Promise.all([...running].map((child) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    return exited;
  }));
}

// Starts the server and resolves once it prints the URL it listens on.
export function startServer(dataDir, extraArgs = []) {
  const child = spawn(BIN, ['serve', ...clinicArgs(dataDir), '--listen', '127.0.0.1:0', '--threads', '2', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 15000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/[^\s]+?)\/\s/);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        pid: child.pid,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        // SIGTERM and wait: the graceful path.
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
        // SIGKILL: no chance to flush or close anything.
        kill9: async () => {
          child.kill('SIGKILL');
          return exited;
        },
      });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
  });
}

// A small client: JSON in, JSON out, with the session token as a bearer token.
export function client(baseUrl, token) {
  return async function request(method, path, { body, headers = {}, raw } = {}) {
    const allHeaders = { ...headers };
    if (token) allHeaders.authorization = `Bearer ${token}`;
    if (body !== undefined && raw === undefined) allHeaders['content-type'] ??= 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers: allHeaders,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}

export async function signIn(baseUrl, username, password = 'correct horse battery staple') {
  const response = await client(baseUrl)('POST', '/api/v1/session', { body: { username, password } });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${response.text}`);
  return response.json.token;
}

export const validPatient = (overrides = {}) => ({
  mrn: `MRN-${Math.random().toString(36).slice(2, 10)}`,
  given_name: 'Ada',
  family_name: 'Testpatient',
  birth_date: '1980-05-17',
  sex_at_birth: 'female',
  weight_kg: 68.5,
  height_cm: 170,
  phone: '+1 555 010 0199',
  email: 'ada@example.org',
  emergency_contact: { name: 'Bo Testpatient', relationship: 'spouse', phone: '+1 555 010 0100' },
  diagnoses: [{ code: 'F33.2', display: 'Major depressive disorder, recurrent severe without psychotic features' }],
  ...overrides,
});

// Opens the live feed as a browser would (session cookie) and collects its messages.
export function openLiveFeed(url, token) {
  const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/live', { headers: { cookie: `plasticity_session=${token}` } });
  const messages = [];
  const waiters = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  return {
    ws,
    messages,
    opened: new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('unexpected-response', (_, res) => reject(new Error(`refused ${res.statusCode}`))); }),
    next: (match, ms = 5000) => new Promise((resolve, reject) => {
      const found = messages.find(match);
      if (found) return resolve(found);
      waiters.push({ match, resolve });
      setTimeout(() => reject(new Error('no matching live message')), ms);
    }),
  };
}

// A new patient with a session booked now by `prescriber` and checked in by `nurse`: what a
// monitor's readings need. Resolves with the patient's MRN and id and the session's id.
export async function checkedInPatient(prescriber, nurse, { protocol = 'esketamine_nasal', chair = 'Chair 5', dose_mg = 56 } = {}) {
  const patient = validPatient();
  const patientId = (await prescriber('POST', '/api/v1/patients', { body: patient })).json.id;
  const sessionId = (await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: patientId, protocol, scheduled_at: new Date().toISOString(), chair, dose_mg },
  })).json.id;
  const checkIn = await nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to: 'checked_in' } });
  if (checkIn.status !== 200) throw new Error(`check-in failed: ${checkIn.status} ${checkIn.text}`);
  return { mrn: patient.mrn, patientId, sessionId };
}

// The demo clinic's patient found by `query`, booked now for an IV infusion in `chair`, checked
// in, pre-dose checks and first vitals done (by a monitor registered as `device`), and dosing.
// Resolves with the session's id, a client posting as the monitor to the server at `url`, and the
// monitor's token (for another server).
export async function dosingSession(url, { prescriber, nurse, admin }, { query, chair, device }) {
  const now = () => new Date().toISOString();
  const patient = (await prescriber('GET', `/api/v1/patients?query=${query}`)).json.items[0];
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: patient.id, protocol: 'iv_ketamine', scheduled_at: now(), chair, dose_mg_per_kg: 0.5, weight_kg: 70, concentration_mg_per_ml: 1 },
  });
  if (booked.status !== 201) throw new Error(`booking failed: ${booked.status} ${booked.text}`);
  const sessionId = booked.json.id;
  const registered = await admin('POST', '/api/v1/devices', { body: { device_id: device } });
  if (registered.status !== 201) throw new Error(`registering ${device} failed: ${registered.status} ${registered.text}`);
  const monitor = client(url, registered.json.token);
  const step = async (what, response) => {
    const answered = await response;
    if (answered.status !== 200) throw new Error(`${what} failed: ${answered.status} ${answered.text}`);
    return answered.json;
  };
  await step('check-in', nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to: 'checked_in' } }));
  const checks = (await step('reading the session', nurse('GET', `/api/v1/sessions/${sessionId}`))).pre_checks;
  await step('pre-dose checks', nurse('POST', `/api/v1/sessions/${sessionId}/checklist`, { body: { list: 'pre_checks', items: Object.fromEntries(checks.map((c) => [c.id, true])) } }));
  const readings = [['sbp', 126, 'mm[Hg]'], ['dbp', 80, 'mm[Hg]'], ['hr', 74, '/min']].map(([kind, value, unit]) => ({ kind, value, unit, at: now() }));
  await step('first vitals', monitor('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings } }));
  for (const to of ['ready', 'dosing']) {
    await step(to, nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to } }));
  }
  return { sessionId, monitor, monitorToken: registered.json.token };
}
