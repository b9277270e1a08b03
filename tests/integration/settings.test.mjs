// The clinic's settings as an admin edits them over HTTP: the time zone, the crisis text and the
// patient instructions. A bad edit is refused whole, naming each field; a good one is in use at
// once, audited, and outlasts a restart (it overrides the definition files).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../support/server.mjs';

let dataDir, server, admin;

before(async () => {
  dataDir = makeDataDir();
  assert.equal(addUser(dataDir, 'set.admin', 'admin').status, 0);
  assert.equal(addUser(dataDir, 'set.nurse', 'nurse').status, 0);
  server = await startServer(dataDir);
  admin = client(server.url, await signIn(server.url, 'set.admin'));
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const calendarStart = async (as) => (await as('GET', '/api/v1/calendar?from=2027-01-04&to=2027-01-05')).json;

describe('clinic settings', () => {
  it('shows the settings from the definition files to an admin only', async () => {
    const settings = await admin('GET', '/api/v1/settings');
    assert.equal(settings.status, 200);
    assert.equal(settings.json.time_zone, 'America/New_York');
    assert.match(settings.json.crisis_text, /988/);
    const escort = settings.json.instructions.find((i) => i.id === 'escort_home');
    assert.deepEqual([escort.send_hours_before, escort.sent_before.includes('IV ketamine infusion')], [48, true]);
    const nurse = client(server.url, await signIn(server.url, 'set.nurse'));
    assert.equal((await nurse('GET', '/api/v1/settings')).status, 403);
    assert.equal((await nurse('PUT', '/api/v1/settings', { body: { crisis_text: 'x' } })).status, 403);
  });

  it('refuses a bad edit whole, naming every field, and changes nothing', async () => {
    const before = (await admin('GET', '/api/v1/settings')).json;
    const refused = await admin('PUT', '/api/v1/settings', {
      body: {
        time_zone: 'Eastern',
        crisis_text: 'Call 112 now.',
        instructions: [{ id: 'escort_home', text: '' }, { id: 'no_such_instruction', text: 'x' }, { id: 'escort_home', send_hours_before: 1000 }],
      },
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json.errors.map((e) => `${e.field}:${e.rule}`), [
      'time_zone:known_zone',
      'instructions/0/text:required',
      'instructions/1/id:known_instruction',
      'instructions/2/id:unique',
    ]);
    assert.match(refused.json.errors[0].message, /IANA name such as America\/New_York .*no zone 'Eastern'/);
    assert.deepEqual((await admin('GET', '/api/v1/settings')).json, before, 'nothing changed, not even the valid crisis text');
    assert.equal((await admin('PUT', '/api/v1/settings', { body: {} })).json.errors[0].rule, 'required');
    assert.equal((await admin('PUT', '/api/v1/settings', { body: { colour: 'red' } })).json.errors[0].field, 'colour');
  });

  it('puts a good edit in use at once, audits it, and keeps it across a restart', async () => {
    assert.equal((await calendarStart(admin)).from, '2027-01-04T05:00:00.000Z', 'midnight in New York');
    const saved = await admin('PUT', '/api/v1/settings', {
      body: {
        time_zone: 'Europe/Berlin',
        crisis_text: 'If you feel unsafe, call 112 or the Telefonseelsorge on 0800 111 0 111.',
        instructions: [{ id: 'escort_home', text: 'Please bring an adult to take you home.', send_hours_before: 72 }],
      },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.time_zone, 'Europe/Berlin');
    assert.equal((await calendarStart(admin)).from, '2027-01-03T23:00:00.000Z', 'midnight in Berlin, at once');
    const trail = (await admin('GET', '/api/v1/audit?action=settings')).json.items;
    assert.deepEqual(trail.map((e) => `${e.action} ${e.detail}`), ['settings.change crisis_text, instruction/escort_home, time_zone']);

    await server.stop();
    server = await startServer(dataDir);
    admin = client(server.url, await signIn(server.url, 'set.admin'));
    const after = (await admin('GET', '/api/v1/settings')).json;
    assert.equal(after.time_zone, 'Europe/Berlin');
    assert.match(after.crisis_text, /Telefonseelsorge/);
    const escort = after.instructions.find((i) => i.id === 'escort_home');
    assert.deepEqual([escort.text, escort.send_hours_before], ['Please bring an adult to take you home.', 72]);
    // Saving the same values again stores and audits nothing.
    assert.equal((await admin('PUT', '/api/v1/settings', { body: { time_zone: 'Europe/Berlin' } })).status, 200);
    assert.equal((await admin('GET', '/api/v1/audit?action=settings')).json.items.length, 1);
  });
});
