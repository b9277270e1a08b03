// Durability: what the server acknowledged survives a restart, a SIGTERM and a kill -9; a data
// directory from a newer release is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

let dataDir;

before(() => {
  dataDir = makeDataDir();
  assert.equal(addUser(dataDir, 'dur.frontdesk', 'front_desk').status, 0);
});

after(async () => {
  await stopAllServers();
  removeDataDir(dataDir);
});

async function register(server) {
  const api = client(server.url, await signIn(server.url, 'dur.frontdesk'));
  const response = await api('POST', '/api/v1/patients', { body: validPatient() });
  assert.equal(response.status, 201);
  return response.json;
}

async function readBack(server, id) {
  const api = client(server.url, await signIn(server.url, 'dur.frontdesk'));
  return api('GET', `/api/v1/patients/${id}`);
}

it('keeps data across a graceful restart (SIGTERM)', async () => {
  const first = await startServer(dataDir);
  const patient = await register(first);
  const exit = await first.stop();
  assert.equal(exit.code, 0, 'a clean exit on SIGTERM');
  assert.match(first.stderr(), /stopped; database closed cleanly/);
  const second = await startServer(dataDir);
  try {
    const read = await readBack(second, patient.id);
    assert.equal(read.status, 200);
    assert.equal(read.json.mrn, patient.mrn);
  } finally {
    await second.stop();
  }
});

it('finishes requests in flight when told to stop (SIGTERM)', async () => {
  const server = await startServer(dataDir);
  const anon = client(server.url);
  // Each sign-in spends ~0.1 s hashing, so with two worker threads some are still running when
  // the signal arrives; every one must still be answered.
  const signIns = Array.from({ length: 6 }, () =>
    anon('POST', '/api/v1/session', { body: { username: 'dur.frontdesk', password: 'correct horse battery staple' } }),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const exited = server.stop();
  const statuses = (await Promise.all(signIns)).map((r) => r.status);
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
  assert.equal((await exited).code, 0);
});

it('keeps a record acknowledged with 201 even when killed with SIGKILL right after', async () => {
  const server = await startServer(dataDir);
  const api = client(server.url, await signIn(server.url, 'dur.frontdesk'));
  const created = [];
  for (let i = 0; i < 5; i++) {
    const response = await api('POST', '/api/v1/patients', { body: validPatient({ given_name: `Kill${i}` }) });
    assert.equal(response.status, 201);
    created.push(response.json);
  }
  const exit = await server.kill9();
  assert.equal(exit.signal, 'SIGKILL');
  const restarted = await startServer(dataDir);
  try {
    for (const patient of created) {
      const read = await readBack(restarted, patient.id);
      assert.equal(read.status, 200, `patient ${patient.given_name} survived`);
      assert.equal(read.json.given_name, patient.given_name);
    }
    const audit = await client(restarted.url, await signIn(restarted.url, 'dur.frontdesk'))('GET', '/api/v1/session');
    assert.equal(audit.status, 200);
  } finally {
    await restarted.stop();
  }
});

it('backs up online while serving, and the backup serves as a data directory', async () => {
  const server = await startServer(dataDir);
  const patient = await register(server);
  const restoreDir = makeDataDir();
  try {
    const backup = spawnSync(BIN, ['backup', '--data', dataDir, '--to', join(restoreDir, 'plasticity.db')], { encoding: 'utf8' });
    assert.equal(backup.status, 0, backup.stderr);
    await server.stop();
    const restored = await startServer(restoreDir);
    const read = await readBack(restored, patient.id);
    assert.equal(read.status, 200);
    assert.equal(read.json.mrn, patient.mrn);
    await restored.stop();
  } finally {
    removeDataDir(restoreDir);
  }
});

it('refuses a data directory written by a newer release, with a clear message', () => {
  const newer = makeDataDir();
  try {
    const migrated = spawnSync(BIN, ['migrate', '--data', newer], { encoding: 'utf8' });
    assert.equal(migrated.status, 0);
    const known = migrated.stdout.match(/is at schema version (\d+)/)[1];
    const sqlite = spawnSync('sqlite3', [join(newer, 'plasticity.db'), "INSERT INTO schema_migrations VALUES (99, 'future', 0)"]);
    assert.equal(sqlite.status, 0, String(sqlite.stderr));
    const serve = spawnSync(BIN, ['serve', '--data', newer, '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, new RegExp(`schema version 99, newer than this Plasticity knows \\(${known}\\)`));
  } finally {
    removeDataDir(newer);
  }
});

it('seeds the demo clinic once, and says how to sign in', async () => {
  const demoDir = makeDataDir();
  try {
    const first = await startServer(demoDir, ['--demo']);
    assert.match(first.stdout(), /sign in as demo\.prescriber with password plasticity-demo/);
    const api = client(first.url, await signIn(first.url, 'demo.prescriber', 'plasticity-demo'));
    const count = (await api('GET', '/api/v1/patients')).json.items.length;
    assert.ok(count >= 5, `demo patients: ${count}`);
    await first.stop();
    const second = await startServer(demoDir, ['--demo']);
    const again = client(second.url, await signIn(second.url, 'demo.prescriber', 'plasticity-demo'));
    assert.equal((await again('GET', '/api/v1/patients')).json.items.length, count, 'no second copy');
    await second.stop();
  } finally {
    removeDataDir(demoDir);
  }
});

it('restores a checked backup only while no server has the database, keeping the one it replaced', async () => {
  const dir = makeDataDir();
  try {
    assert.equal(addUser(dir, 'dur.frontdesk', 'front_desk').status, 0);
    let server = await startServer(dir);
    const kept = await register(server);
    const backup = join(dir, 'backup.db');
    const backedUp = spawnSync(BIN, ['backup', '--data', dir, '--to', backup], { encoding: 'utf8' });
    assert.equal(backedUp.status, 0, backedUp.stderr);
    const later = await register(server);

    const restore = (from) => spawnSync(BIN, ['restore', '--data', dir, '--from', from], { encoding: 'utf8' });
    const inUse = restore(backup);
    assert.equal(inUse.status, 1);
    assert.match(inUse.stderr, /in use \(is a server running on it\? stop it first\)/);
    assert.equal((await readBack(server, later.id)).status, 200);  // nothing changed
    await server.stop();

    writeFileSync(join(dir, 'junk.db'), 'not a database '.repeat(20));
    const junk = restore(join(dir, 'junk.db'));
    assert.equal(junk.status, 1);
    assert.match(junk.stderr, /junk\.db cannot be read as a database/);
    assert.match(restore(join(dir, 'missing.db')).stderr, /no backup file at .*missing\.db/);

    const done = restore(backup);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stderr, /checking .*backup\.db \(integrity and schema\)/);
    const replaced = done.stdout.match(/the database it replaced is kept at (\S+)/)[1];
    assert.ok(existsSync(replaced));
    server = await startServer(dir);
    assert.equal((await readBack(server, kept.id)).status, 200);
    assert.equal((await readBack(server, later.id)).status, 404);  // as the backup had it
    await server.stop();
  } finally {
    removeDataDir(dir);
  }
});
