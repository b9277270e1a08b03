// `plasticity migrate` and `plasticity user add` on a clinic network's PostgreSQL (--database or
// PLASTICITY_DATABASE), against a real PostgreSQL 15 that ctest starts with `pg_virtualenv -t`
// (PGHOST, PGPORT, PGUSER and PGPASSWORD point at it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BIN, client, makeDataDir, removeDataDir, startServer, stopAllServers } from '../support/server.mjs';

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

test('refuses a malformed address by its part, before reading a password, and PostgreSQL where it does not run yet', () => {
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
  assert.match(elsewhere.stderr, /PLASTICITY_DATABASE is set, but only `plasticity serve`, `plasticity migrate`/);
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

test('serves a clinic from PostgreSQL, one server a database for now', async () => {
  const url = createDatabase();
  const dir = makeDataDir();
  try {
    const server = await startServer(dir, ['--database', url]);
    const health = await client(server.url)('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.ok(health.json.schema_version >= 7, JSON.stringify(health.json));
    assert.match(server.stderr(), /database postgresql:\/\/.* at schema version/);
    assert.ok(!server.stderr().includes(PGPASSWORD), 'the password is never logged');
    // A second server on the same database would book a chair twice or raise an alarm twice.
    const second = plasticity(['serve', '--data', dir, '--database', url, '--listen', '127.0.0.1:0']);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /another plasticity serve is running on postgresql:\/\/.*; one server a PostgreSQL database for now/);
    await server.stop();
    // Its lock goes with it.
    const next = await startServer(dir, ['--database', url]);
    await next.stop();
  } finally {
    removeDataDir(dir);
  }
});

after(stopAllServers);
