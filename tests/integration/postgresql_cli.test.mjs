// `plasticity migrate`, `user add`, `serve` and `database copy` on a clinic network's PostgreSQL
// (--database or PLASTICITY_DATABASE), against a real PostgreSQL 15 that ctest starts with
// `pg_virtualenv -t` (PGHOST, PGPORT, PGUSER and PGPASSWORD point at it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../support/server.mjs';

const { PGHOST, PGPORT, PGUSER, PGPASSWORD } = process.env;
assert.ok(PGHOST, 'run under pg_virtualenv -t (ctest does)');

// A new database on the test server, dropped when the process ends with the cluster.
function createDatabase(options = "LOCALE 'C'") {
  const name = `plasticity_cli_${randomBytes(6).toString('hex')}`;
  const created = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-d', 'postgres', '-c',
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' ${options}`], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stderr);
  return `postgresql://${PGUSER}:${PGPASSWORD}@${PGHOST}:${PGPORT}/${name}`;
}

function plasticity(args, { input = '', env = {} } = {}) {
  const result = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('migrates a new PostgreSQL database, and again finds nothing to do', () => {
  const url = createDatabase();
  const first = plasticity(['migrate', '--database', url]);
  assert.equal(first.status, 0, first.stderr);
  const version = first.stdout.match(/is at schema version (\d+)/)?.[1];
  assert.ok(Number(version) >= 5, first.stdout);
  assert.ok(!first.stdout.includes(PGPASSWORD), 'the password is never printed');
  const again = plasticity(['migrate'], { env: { PLASTICITY_DATABASE: url } });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`is at schema version ${version}\\n`));
  assert.doesNotMatch(again.stderr, /applying migration/);
});

test('adds a staff member to PostgreSQL once, with its audit entry', () => {
  const url = createDatabase();
  const args = ['user', 'add', '--database', url, '--username', 'net.nurse', '--role', 'nurse'];
  const added = plasticity(args, { input: 'correct horse battery staple\n' });
  assert.equal(added.status, 0, added.stderr);
  assert.match(added.stdout, /created nurse net\.nurse \(id \d+\)/);
  const twice = plasticity(args, { input: 'correct horse battery staple\n' });
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /a staff account named net\.nurse already exists/);
  const audit = spawnSync('psql', ['-At', '-d', url, '-c',
    "SELECT action || ' ' || username FROM audit_log ORDER BY id"], { encoding: 'utf8' });
  assert.equal(audit.stdout.trim(), 'staff.create net.nurse');
});

test('refuses a malformed address by its part, before reading a password, and PostgreSQL for SQLite\'s own backup', () => {
  const bad = plasticity(['user', 'add', '--database', 'postgresql://nurse@db.clinic:99999/x',
    '--username', 'a.nurse', '--role', 'nurse']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error: --database: .*port/m);
  const scheme = plasticity(['migrate', '--database', 'mysql://u@h/db']);
  assert.equal(scheme.status, 2);
  assert.match(scheme.stderr, /^error: --database: /m);
  const elsewhere = plasticity(['backup', '--data', '/nonexistent', '--to', '/tmp/x.db'],
    { env: { PLASTICITY_DATABASE: 'postgresql://u@h/db' } });
  assert.equal(elsewhere.status, 2, 'no command quietly uses SQLite when PostgreSQL was asked for');
  assert.match(elsewhere.stderr, /PLASTICITY_DATABASE is set, but `plasticity backup` and `plasticity restore` copy a SQLite database/);
  const nowhere = plasticity(['migrate'], { env: { PLASTICITY_DATABASE: '' } });
  assert.equal(nowhere.status, 2);
  assert.match(nowhere.stderr, /give --data DIR \(SQLite\) or --database/);
});

test('refuses a database whose text does not compare byte by byte, saying how to make one', () => {
  const url = createDatabase("LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
  const refused = plasticity(['migrate', '--database', url]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /must use UTF-8 and the C collation/);
  assert.match(refused.stderr, /CREATE DATABASE plasticity TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'/);
});

test('serves a clinic from PostgreSQL, beside another server on the same database', async () => {
  const url = createDatabase();
  const dir = makeDataDir();
  try {
    const tooFew = plasticity(['serve', '--data', dir, '--database', url, '--database-connections', '1']);
    assert.notEqual(tooFew.status, 0);
    assert.match(tooFew.stderr, /--database-connections/);
    const server = await startServer(dir, ['--database', url, '--database-connections', '3']);
    const health = await client(server.url)('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.ok(health.json.schema_version >= 7, JSON.stringify(health.json));
    assert.match(server.stderr(), /database postgresql:\/\/.* at schema version/);
    assert.ok(!server.stderr().includes(PGPASSWORD), 'the password is never logged');
    // Several servers share one database (multiprocess.test.mjs tests what they share).
    const next = await startServer(dir, ['--database', url]);
    assert.equal((await client(next.url)('GET', '/healthz')).status, 200);
    await next.stop();
    await server.stop();
  } finally {
    removeDataDir(dir);
  }
});

// What a prescriber reads of a clinic: a patient found by MRN, their sessions, a finished
// session's vital signs and alarms, their PHQ-9s, and the audit of that patient (before this read;
// only entries before `beforeId` when given).
async function chartOf(server, mrn, beforeId) {
  const admin = client(server.url, await signIn(server.url, 'c.admin'));
  const md = client(server.url, await signIn(server.url, 'c.md'));
  const [patient] = (await md('GET', `/api/v1/patients?query=${mrn}`)).json.items;
  const older = beforeId ? `&cursor=${beforeId}` : '';
  const audit = (await admin('GET', `/api/v1/audit?patient_id=${patient.id}&limit=500${older}`)).json.items;
  const sessions = (await md('GET', `/api/v1/patients/${patient.id}/sessions`)).json.items;
  const finished = sessions.find((s) => s.phase === 'discharged');
  // Each read must answer 200: two refusals would compare equal.
  const read = async (path) => {
    const response = await md('GET', path);
    assert.equal(response.status, 200, `${path}: ${response.text}`);
    return response.json;
  };
  return {
    patient,
    sessions,
    vitals: await read(`/api/v1/sessions/${finished.id}/vitals`),
    alarms: (await read(`/api/v1/sessions/${finished.id}`)).alarms,
    assessments: await read(`/api/v1/patients/${patient.id}/assessments?instrument=phq9`),
    audit,
  };
}

test('moves a SQLite clinic to PostgreSQL whole, checked table by table, and serves it the same', async () => {
  const dir = makeDataDir();
  try {
    const made = plasticity(['synthesize', '--data', dir, '--patients', '12', '--years', '1',
      '--chairs', '2', '--vitals-every-seconds', '300', '--seed', '5']);
    assert.equal(made.status, 0, made.stderr);
    assert.equal(addUser(dir, 'c.admin', 'admin').status, 0);
    assert.equal(addUser(dir, 'c.md', 'prescriber').status, 0);
    const onSqlite = await startServer(dir);
    const before = await chartOf(onSqlite, 'SYN-000003');
    await onSqlite.stop();

    const url = createDatabase();
    const copy = plasticity(['database', 'copy', '--data', dir, '--to', url]);
    assert.equal(copy.status, 0, copy.stderr);
    assert.match(copy.stderr, /copying audit_log: \d+ of \d+ rows/);
    assert.match(copy.stderr, /every table's count and checksum match/);
    assert.ok(!copy.stderr.includes(PGPASSWORD), 'the password is never printed');
    const summary = JSON.parse(copy.stdout.trim().split('\n').at(-1));
    for (const table of ['staff', 'patients', 'treatment_sessions', 'assessments', 'audit_log']) {
      assert.ok(summary.tables[table].rows > 0, table);
      assert.match(summary.tables[table].checksum, /^[0-9a-f]{32}$/);
    }
    const inPostgresql = (table) => Number(spawnSync('psql', ['-At', '-d', url.split('/').at(-1), '-c',
      `SELECT count(*) FROM ${table}`], { encoding: 'utf8' }).stdout);
    assert.equal(inPostgresql('audit_log'), summary.tables.audit_log.rows);
    assert.equal(inPostgresql('vital_readings') + inPostgresql('vital_blocks') > 0, true);

    // Once there, never twice: the target is no longer empty.
    const again = plasticity(['database', 'copy', '--data', dir, '--to', url]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /the target database is not empty/);

    // The same staff sign in, and read the same chart (the audit trail has the reads above).
    const onPostgresql = await startServer(dir, ['--database', url]);
    const after = await chartOf(onPostgresql, 'SYN-000003', before.audit[0].id + 1);
    await onPostgresql.stop();
    for (const part of ['patient', 'sessions', 'vitals', 'alarms', 'assessments']) {
      assert.deepEqual(after[part], before[part], part);
    }
    // The patient's audit trail as it was, entry by entry and id by id.
    assert.deepEqual(after.audit, before.audit);
  } finally {
    removeDataDir(dir);
  }
});

test('refuses a copy from a directory without a clinic, naming it', () => {
  const dir = makeDataDir();
  const refused = plasticity(['database', 'copy', '--data', dir, '--to', createDatabase()]);
  removeDataDir(dir);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--data: no clinic database at/);
});

after(stopAllServers);
