// Staff accounts over HTTP as an admin runs them: create with a single-use password link, change a
// role, deactivate (sessions end, sign-in refused, never deleted), never the last admin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../support/server.mjs';

let dataDir, server, admin, nurse;

before(async () => {
  dataDir = makeDataDir();
  assert.equal(addUser(dataDir, 'st.admin', 'admin').status, 0);
  assert.equal(addUser(dataDir, 'st.nurse', 'nurse').status, 0);
  server = await startServer(dataDir);
  admin = client(server.url, await signIn(server.url, 'st.admin'));
  nurse = client(server.url, await signIn(server.url, 'st.nurse'));
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const anonymous = () => client(server.url);
const tokenOf = (link) => link.split('/').pop();
const setPassword = (token, password) => anonymous()('POST', '/api/v1/password', { body: { token, password } });
const signInStatus = async (username, password) =>
  (await anonymous()('POST', '/api/v1/session', { body: { username, password } })).status;

describe('staff accounts', () => {
  it('creates an account whose password only the new member sets, once, through the link', async () => {
    const created = await admin('POST', '/api/v1/staff', { body: { username: 'new.therapist', role: 'therapist' } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual([created.json.username, created.json.role, created.json.active], ['new.therapist', 'therapist', true]);
    assert.match(created.json.password_link, /^\/set-password\/[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(created.json.expires_at) - Date.now() > 71 * 3600e3);
    const token = tokenOf(created.json.password_link);
    assert.equal((await setPassword(token, 'short')).json.errors[0].field, 'password');
    assert.equal((await setPassword(token, 'a long enough passphrase')).status, 204);
    assert.equal(await signInStatus('new.therapist', 'a long enough passphrase'), 200);
    const again = await setPassword(token, 'another long passphrase');
    assert.deepEqual([again.status, again.json.type], [400, 'urn:plasticity:problem:link-invalid']);
    assert.equal((await setPassword('made-up-token', 'another long passphrase')).status, 400);

    assert.equal((await admin('POST', '/api/v1/staff', { body: { username: 'new.therapist', role: 'nurse' } })).status, 409);
    const bad = await admin('POST', '/api/v1/staff', { body: { username: 'Not Valid!', role: 'chief' } });
    assert.deepEqual(bad.json.errors.map((e) => `${e.field}:${e.rule}`), ['username:format', 'role:one_of']);
    assert.equal((await nurse('POST', '/api/v1/staff', { body: { username: 'x.y', role: 'nurse' } })).status, 403);
    assert.equal((await nurse('GET', '/api/v1/staff')).status, 403);
  });

  it('changes a role and deactivates an account: its sessions end, it cannot sign in, it stays listed', async () => {
    const created = (await admin('POST', '/api/v1/staff', { body: { username: 'leaving.nurse', role: 'nurse' } })).json;
    await setPassword(tokenOf(created.password_link), 'correct horse battery staple');
    const theirs = client(server.url, await signIn(server.url, 'leaving.nurse'));
    const promoted = await admin('PATCH', `/api/v1/staff/${created.id}`, { body: { role: 'prescriber' } });
    assert.equal(promoted.json.role, 'prescriber');
    assert.ok(promoted.json.permissions.includes('prescribe_doses'));
    assert.equal((await theirs('GET', '/api/v1/session')).status, 401, 'a new role needs a new sign-in');

    const again = client(server.url, await signIn(server.url, 'leaving.nurse'));
    const off = await admin('PATCH', `/api/v1/staff/${created.id}`, { body: { active: false } });
    assert.equal(off.json.active, false);
    assert.equal((await again('GET', '/api/v1/session')).status, 401);
    assert.equal(await signInStatus('leaving.nurse', 'correct horse battery staple'), 401);
    assert.ok((await admin('GET', '/api/v1/staff')).json.items.some((s) => s.username === 'leaving.nurse' && !s.active));
    assert.equal((await admin('POST', `/api/v1/staff/${created.id}/password-link`)).status, 409);
    assert.equal((await admin('PATCH', `/api/v1/staff/${created.id}`, { body: { active: 'no' } })).json.errors[0].rule, 'boolean');
    assert.equal((await admin('PATCH', '/api/v1/staff/9999', { body: { active: true } })).status, 404);

    const trail = (await admin('GET', '/api/v1/audit?action=staff&username=st.admin')).json.items.map((e) => `${e.action} ${e.detail}`);
    assert.ok(trail.includes('staff.change leaving.nurse: deactivated'), trail.join('\n'));
    assert.ok(trail.includes('staff.create leaving.nurse as nurse'));
  });

  it('replaces an unused link with a newer one', async () => {
    const created = (await admin('POST', '/api/v1/staff', { body: { username: 'forgetful.md', role: 'prescriber' } })).json;
    const newer = await admin('POST', `/api/v1/staff/${created.id}/password-link`);
    assert.equal(newer.status, 201);
    assert.equal((await setPassword(tokenOf(created.password_link), 'correct horse battery staple')).status, 400);
    assert.equal((await setPassword(tokenOf(newer.json.password_link), 'correct horse battery staple')).status, 204);
  });

  it('never leaves the clinic without an active admin', async () => {
    const me = (await admin('GET', '/api/v1/session')).json.user;
    const refused = await admin('PATCH', `/api/v1/staff/${me.id}`, { body: { role: 'nurse' } });
    assert.deepEqual([refused.status, refused.json.type], [409, 'urn:plasticity:problem:last-admin']);
    assert.equal((await admin('PATCH', `/api/v1/staff/${me.id}`, { body: { active: false } })).status, 409);
    // With a second admin, the first may step down.
    const second = (await admin('POST', '/api/v1/staff', { body: { username: 'second.admin', role: 'admin' } })).json;
    await setPassword(tokenOf(second.password_link), 'correct horse battery staple');
    const other = client(server.url, await signIn(server.url, 'second.admin'));
    assert.equal((await other('PATCH', `/api/v1/staff/${me.id}`, { body: { role: 'nurse' } })).status, 200);
    assert.equal((await other('PATCH', `/api/v1/staff/${second.id}`, { body: { active: false } })).status, 409);
  });
});

describe('chairs and monitors', () => {
  it('renames a chair or takes it out of use, and revokes a monitor whose token then stops working', async () => {
    // The admin of this clinic by now (the first stepped down above).
    const admin = client(server.url, await signIn(server.url, 'second.admin'));
    assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-9', kind: 'chair', name: 'Chair 9' } })).status, 201);
    assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-10', kind: 'chair', name: 'Chair 10' } })).status, 201);
    const renamed = await admin('PATCH', '/api/v1/resources/chair-9', { body: { name: 'Window chair' } });
    assert.deepEqual([renamed.status, renamed.json.name, renamed.json.active], [200, 'Window chair', true]);
    const retired = await admin('PATCH', '/api/v1/resources/chair-9', { body: { active: false } });
    assert.equal(retired.json.active, false);
    assert.equal((await admin('PATCH', '/api/v1/resources/chair-9', { body: { name: 'Chair 10' } })).status, 409);
    assert.equal((await admin('PATCH', '/api/v1/resources/chair-9', { body: { active: 'no' } })).json.errors[0].rule, 'boolean');
    assert.equal((await admin('PATCH', '/api/v1/resources/nope', { body: { active: true } })).status, 404);
    assert.equal((await nurse('PATCH', '/api/v1/resources/chair-9', { body: { active: true } })).status, 403);
    assert.ok((await admin('GET', '/api/v1/resources')).json.items.some((r) => r.id === 'chair-9' && r.name === 'Window chair' && !r.active));

    const token = (await admin('POST', '/api/v1/devices', { body: { device_id: 'monitor-9', label: 'Window chair monitor' } })).json.token;
    const listed = (await admin('GET', '/api/v1/devices')).json.items;
    assert.deepEqual(Object.keys(listed.find((d) => d.device_id === 'monitor-9')).sort(), ['device_id', 'label', 'registered_at'], 'never the token or its hash');
    const monitor = client(server.url, token);
    const readings = { readings: [{ kind: 'hr', value: 70, unit: '/min', at: new Date().toISOString() }] };
    assert.equal((await monitor('POST', '/api/v1/sessions/0123456789abcdef0123456789abcdef/vitals', { body: readings })).status, 404, 'the token works');
    assert.equal((await admin('DELETE', '/api/v1/devices/monitor-9')).status, 204);
    assert.equal((await monitor('POST', '/api/v1/sessions/0123456789abcdef0123456789abcdef/vitals', { body: readings })).status, 401, 'revoked at once');
    assert.equal((await admin('DELETE', '/api/v1/devices/monitor-9')).status, 404);
    assert.equal((await nurse('GET', '/api/v1/devices')).status, 403);
    const trail = (await admin('GET', '/api/v1/audit?action=device&username=second.admin')).json.items.map((e) => e.action);
    assert.deepEqual(trail.slice(0, 2), ['device.revoke', 'device.register']);
  });
});
