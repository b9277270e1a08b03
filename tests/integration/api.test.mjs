// HTTP integration tests: the real server, over HTTP, with a temporary data directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, POSTGRESQL, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

const ROLES = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk', 'researcher'];
let dataDir, server, as, url;

before(async () => {
  dataDir = makeDataDir();
  for (const role of ROLES) assert.equal(addUser(dataDir, `it.${role}`, role).status, 0);
  assert.equal(addUser(dataDir, 'it.locked', 'nurse').status, 0);
  server = await startServer(dataDir);
  url = server.url;
  as = {};
  for (const role of ROLES) as[role] = client(url, await signIn(url, `it.${role}`));
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

function assertProblem(response, status, field, rule) {
  assert.equal(response.status, status, response.text);
  assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(response.json.status, status);
  assert.ok(response.json.title, 'a problem has a title');
  assert.ok(response.json.detail, 'a problem has a detail');
  if (field !== undefined) {
    assert.ok(
      response.json.errors.some((e) => e.field === field && e.rule === rule),
      `expected ${field}:${rule} in ${JSON.stringify(response.json.errors)}`,
    );
  }
}

async function audit(query) {
  const response = await as.admin('GET', `/api/v1/audit?${new URLSearchParams(query)}`);
  assert.equal(response.status, 200);
  return response.json.items;
}

describe('health', () => {
  it('answers ok with the version once the database is migrated', async () => {
    const response = await client(url)('GET', '/healthz');
    assert.equal(response.status, 200);
    assert.equal(response.json.status, 'ok');
    assert.match(response.json.version, /^\d+\.\d+\.\d+$/);
    // The engine's own numbering: SQLite's migrations go back further than PostgreSQL's.
    assert.equal(response.json.schema_version, POSTGRESQL ? 9 : 18);
  });
});

describe('sign-in', () => {
  it('gives a bearer token and an HttpOnly SameSite=Strict cookie that both work', async () => {
    const response = await client(url)('POST', '/api/v1/session', {
      body: { username: 'it.nurse', password: 'correct horse battery staple' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.json.user.username, 'it.nurse');
    assert.equal(response.json.user.role, 'nurse');
    assert.ok(response.json.token.length >= 43, 'at least 256 bits, base64url');
    const cookie = response.headers.get('set-cookie');
    assert.match(cookie, /^plasticity_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict/);
    const byBearer = await client(url, response.json.token)('GET', '/api/v1/session');
    assert.equal(byBearer.json.user.username, 'it.nurse');
    // The clinic's clock, which the screens take "today" from (the schedule definition's zone).
    assert.equal(response.json.clinic.time_zone, 'America/New_York');
    assert.equal(byBearer.json.clinic.time_zone, 'America/New_York');
    const byCookie = await client(url)('GET', '/api/v1/session', { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(byCookie.json.user.username, 'it.nurse');
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const anon = client(url);
    const wrong = await anon('POST', '/api/v1/session', { body: { username: 'it.nurse', password: 'not the password!' } });
    const unknown = await anon('POST', '/api/v1/session', { body: { username: 'nobody.here', password: 'not the password!' } });
    assertProblem(wrong, 401);
    assertProblem(unknown, 401);
    assert.equal(wrong.json.detail, unknown.json.detail);
    assert.equal(wrong.json.detail, 'the username or the password is wrong');
    const failures = await audit({ username: 'nobody.here' });
    assert.equal(failures[0].action, 'staff.sign_in');
    assert.equal(failures[0].outcome, 'failure');
    assert.equal(failures[0].client_address, '127.0.0.1');
    await signIn(url, 'it.nurse'); // a failure does not lock out after one try
  });

  it('locks a username out after repeated failures, even for the right password', async () => {
    const anon = client(url);
    for (let i = 0; i < 5; i++) {
      const r = await anon('POST', '/api/v1/session', { body: { username: 'it.locked', password: `guess number ${i}` } });
      assert.equal(r.status, 401);
    }
    const locked = await anon('POST', '/api/v1/session', {
      body: { username: 'it.locked', password: 'correct horse battery staple' },
    });
    assertProblem(locked, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 800, 'about 15 minutes');
  });

  it('refuses a malformed sign-in body naming the field', async () => {
    assertProblem(await client(url)('POST', '/api/v1/session', { body: { username: 'x' } }), 400, 'password', 'required');
  });

  it('signs out: the token stops working', async () => {
    const token = await signIn(url, 'it.therapist');
    const me = client(url, token);
    assert.equal((await me('DELETE', '/api/v1/session')).status, 204);
    assertProblem(await me('GET', '/api/v1/session'), 401);
    assertProblem(await me('GET', '/api/v1/patients'), 401);
  });

  it('refuses requests without a session', async () => {
    assertProblem(await client(url)('GET', '/api/v1/patients'), 401);
    assertProblem(await client(url, 'made-up-token')('GET', '/api/v1/patients'), 401);
  });
});

describe('roles', () => {
  it('keeps researchers away from identified patient data, and audits the refusal', async () => {
    const created = await as.front_desk('POST', '/api/v1/patients', { body: validPatient() });
    const id = created.json.id;
    assertProblem(await as.researcher('GET', '/api/v1/patients'), 403);
    assertProblem(await as.researcher('GET', `/api/v1/patients/${id}`), 403);
    assertProblem(await as.researcher('GET', `/api/v1/patients/${id}/history`), 403);
    const refusals = (await audit({ username: 'it.researcher' })).filter((e) => e.action === 'permission.denied');
    assert.equal(refusals.length, 3);
    assert.equal(refusals[0].outcome, 'denied');
    assert.equal(refusals[0].role, 'researcher');
    assert.equal(refusals[0].patient_id, id);
  });

  it('lets the therapist read but not register or change patients', async () => {
    const created = await as.nurse('POST', '/api/v1/patients', { body: validPatient() });
    assert.equal(created.status, 201);
    assert.equal((await as.therapist('GET', `/api/v1/patients/${created.json.id}`)).status, 200);
    assertProblem(await as.therapist('POST', '/api/v1/patients', { body: validPatient() }), 403);
    assertProblem(
      await as.therapist('PATCH', `/api/v1/patients/${created.json.id}`, { body: { weight_kg: 70 }, headers: { 'if-match': '"1"' } }),
      403,
    );
  });

  it('shows the audit trail to admins only', async () => {
    for (const role of ['prescriber', 'nurse', 'therapist', 'front_desk', 'researcher']) {
      assertProblem(await as[role]('GET', '/api/v1/audit'), 403);
    }
    assert.equal((await as.admin('GET', '/api/v1/audit')).status, 200);
  });
});

describe('patients', () => {
  it('registers a patient: 201, Location, ETag, and reads it back whole', async () => {
    const input = validPatient();
    const created = await as.front_desk('POST', '/api/v1/patients', { body: input });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `/api/v1/patients/${created.json.id}`);
    assert.equal(created.headers.get('etag'), '"1"');
    assert.match(created.json.id, /^[0-9a-f]{32}$/);
    const read = await as.prescriber('GET', created.headers.get('location'));
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('etag'), '"1"');
    for (const [key, value] of Object.entries(input)) assert.deepEqual(read.json[key], value, key);
    assert.equal(read.json.version, 1);
    assert.equal(read.json.created_at, read.json.updated_at);
    assert.match(read.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('searches by name and MRN, a page at a time', async () => {
    const family = `Searchable${Date.now()}`;
    const mrns = [];
    for (const given of ['Cleo', 'Abe', 'Bea']) {
      const r = await as.front_desk('POST', '/api/v1/patients', { body: validPatient({ given_name: given, family_name: family }) });
      mrns.push(r.json.mrn);
    }
    const byName = await as.nurse('GET', `/api/v1/patients?query=${family.toLowerCase()}`);
    assert.deepEqual(byName.json.items.map((p) => p.given_name), ['Abe', 'Bea', 'Cleo']);
    const byFullName = await as.nurse('GET', `/api/v1/patients?query=${encodeURIComponent(`Bea ${family}`)}`);
    assert.deepEqual(byFullName.json.items.map((p) => p.given_name), ['Bea']);
    const byMrn = await as.nurse('GET', `/api/v1/patients?query=${mrns[0]}`);
    assert.deepEqual(byMrn.json.items.map((p) => p.mrn), [mrns[0]]);
    const page1 = await as.nurse('GET', `/api/v1/patients?query=${family}&limit=2`);
    assert.equal(page1.json.items.length, 2);
    assert.ok(page1.json.next_cursor);
    const page2 = await as.nurse('GET', `/api/v1/patients?query=${family}&limit=2&cursor=${page1.json.next_cursor}`);
    assert.deepEqual(page2.json.items.map((p) => p.given_name), ['Cleo']);
    assert.equal(page2.json.next_cursor, null);
    assertProblem(await as.nurse('GET', '/api/v1/patients?limit=0'), 400, 'limit', 'range');
  });

  it('updates with If-Match, refuses a stale version, and keeps every version in the history', async () => {
    const created = await as.front_desk('POST', '/api/v1/patients', { body: validPatient({ weight_kg: 70 }) });
    const path = `/api/v1/patients/${created.json.id}`;
    const updated = await as.nurse('PATCH', path, {
      body: { weight_kg: 71.2, phone: null, reason: 'weighed before infusion' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.headers.get('etag'), '"2"');
    assert.equal(updated.json.weight_kg, 71.2);
    assert.equal(updated.json.phone, null);
    assert.equal(updated.json.given_name, 'Ada');

    const stale = await as.front_desk('PATCH', path, { body: { weight_kg: 90 }, headers: { 'if-match': '"1"' } });
    assertProblem(stale, 412);
    assert.equal(stale.headers.get('etag'), '"2"');
    assertProblem(await as.front_desk('PATCH', path, { body: { weight_kg: 90 } }), 428);
    assert.equal((await as.nurse('GET', path)).json.weight_kg, 71.2, 'the stale write changed nothing');

    const history = await as.therapist('GET', `${path}/history`);
    assert.equal(history.status, 200);
    const versions = history.json.versions;
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.equal(versions[0].changed_by.username, 'it.front_desk');
    assert.equal(versions[0].record.weight_kg, 70);
    assert.deepEqual(versions[1].changed_fields, ['weight_kg', 'phone']);
    assert.equal(versions[1].changed_by.username, 'it.nurse');
    assert.equal(versions[1].reason, 'weighed before infusion');
    assert.equal(versions[1].record.weight_kg, 71.2);
  });

  it('answers 404 for a patient that does not exist', async () => {
    assertProblem(await as.nurse('GET', '/api/v1/patients/0123456789abcdef0123456789abcdef'), 404);
    assertProblem(
      await as.nurse('PATCH', '/api/v1/patients/0123456789abcdef0123456789abcdef', { body: {}, headers: { 'if-match': '"1"' } }),
      404,
    );
  });
});

describe('bad input is refused with a problem document and changes nothing', () => {
  const cases = [
    ['malformed JSON', { raw: '{"mrn": "A-1",', headers: { 'content-type': 'application/json' } }, 400],
    ['a non-JSON content type', { raw: 'mrn=A-1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
    ['a JSON array', { body: [] }, 400, '', 'object'],
    ['a number for a name', { body: validPatient({ given_name: 42 }) }, 400, 'given_name', 'type'],
    ['a string for a weight', { body: validPatient({ weight_kg: '70' }) }, 400, 'weight_kg', 'type'],
    ['an unknown enum value', { body: validPatient({ sex_at_birth: 'F' }) }, 400, 'sex_at_birth', 'one_of'],
    ['an impossible date', { body: validPatient({ birth_date: '2023-02-30' }) }, 400, 'birth_date', 'date'],
    ['a future birth date', { body: validPatient({ birth_date: '2999-01-01' }) }, 400, 'birth_date', 'not_in_future'],
    ['a negative weight', { body: validPatient({ weight_kg: -70 }) }, 400, 'weight_kg', 'positive'],
    ['a missing required field', { body: validPatient({ mrn: undefined }) }, 400, 'mrn', 'required'],
    ['an unknown field', { body: validPatient({ favourite_colour: 'blue' }) }, 400, 'favourite_colour', 'unknown_field'],
    ['a server-made field', { body: validPatient({ id: 'mine' }) }, 400, 'id', 'read_only'],
    ['a bad ICD-10 code', { body: validPatient({ diagnoses: [{ code: 'depression', display: 'x' }] }) }, 400, 'diagnoses/0/code', 'icd10_format'],
    ['a body over the size limit', { raw: JSON.stringify(validPatient({ family_name: 'x'.repeat(1100 * 1024) })), headers: { 'content-type': 'application/json' } }, 413],
  ];

  for (const [name, request, status, field, rule] of cases) {
    it(`refuses ${name} (${status})`, async () => {
      const before = (await as.nurse('GET', '/api/v1/patients?limit=200')).json.items.length;
      const response = await as.front_desk('POST', '/api/v1/patients', request);
      assertProblem(response, status, field, rule);
      const afterCount = (await as.nurse('GET', '/api/v1/patients?limit=200')).json.items.length;
      assert.equal(afterCount, before, 'nothing was written');
    });
  }

  it('reports every broken rule at once', async () => {
    const response = await as.front_desk('POST', '/api/v1/patients', {
      body: validPatient({ birth_date: '2023-02-30', weight_kg: -1, email: 'nope', sex_at_birth: 'x' }),
    });
    assertProblem(response, 400);
    assert.deepEqual(response.json.errors.map((e) => e.field).sort(), ['birth_date', 'email', 'sex_at_birth', 'weight_kg']);
  });

  it('refuses a duplicate MRN with 409 naming the field', async () => {
    const first = await as.front_desk('POST', '/api/v1/patients', { body: validPatient() });
    const again = await as.front_desk('POST', '/api/v1/patients', { body: validPatient({ mrn: first.json.mrn, given_name: 'Other' }) });
    assertProblem(again, 409, 'mrn', 'unique');
    const found = await as.nurse('GET', `/api/v1/patients?query=${first.json.mrn}`);
    assert.equal(found.json.items.length, 1);
  });

  it('refuses bad updates without changing the record', async () => {
    const created = await as.front_desk('POST', '/api/v1/patients', { body: validPatient() });
    const path = `/api/v1/patients/${created.json.id}`;
    const ifMatch = { 'if-match': '"1"' };
    assertProblem(await as.nurse('PATCH', path, { body: { birth_date: '2023-02-30' }, headers: ifMatch }), 400, 'birth_date', 'date');
    assertProblem(await as.nurse('PATCH', path, { body: { family_name: null }, headers: ifMatch }), 400, 'family_name', 'required');
    assertProblem(await as.nurse('PATCH', path, { body: { weight_kg: 0 }, headers: ifMatch }), 400, 'weight_kg', 'positive');
    const read = await as.nurse('GET', path);
    assert.equal(read.json.version, 1);
    assert.equal(read.json.weight_kg, 68.5);
  });

  it('answers unknown routes and methods with problems', async () => {
    assertProblem(await as.nurse('GET', '/api/v1/nothing-here'), 404);
    const wrongMethod = await as.nurse('DELETE', '/api/v1/patients');
    assertProblem(wrongMethod, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST, GET');
    assertProblem(await as.nurse('GET', '/api/v1/patients?query=%zz'), 400);
  });
});

describe('audit trail', () => {
  it('records reads and writes of patient data with who, role, request id and address', async () => {
    const created = await as.front_desk('POST', '/api/v1/patients', { body: validPatient(), headers: { 'x-request-id': 'it-create-1' } });
    const id = created.json.id;
    await as.prescriber('GET', `/api/v1/patients/${id}`, { headers: { 'x-request-id': 'it-read-1' } });
    await as.nurse('PATCH', `/api/v1/patients/${id}`, { body: { weight_kg: 60 }, headers: { 'if-match': '"1"' } });
    await as.therapist('GET', `/api/v1/patients/${id}/history`);
    const entries = await audit({ patient_id: id });
    assert.deepEqual(
      entries.map((e) => `${e.action} ${e.username} ${e.role}`).reverse(),
      [
        // Reading the audit trail about a patient is itself audited: the newest entry is ours.
        'patient.create it.front_desk front_desk',
        'patient.read it.prescriber prescriber',
        'patient.update it.nurse nurse',
        'patient.history it.therapist therapist',
        'audit.read it.admin admin',
      ],
    );
    assert.equal(entries.at(-1).request_id, 'it-create-1');
    assert.equal(entries.at(-2).request_id, 'it-read-1');
    assert.equal(entries[2].detail, 'changed: weight_kg');
    for (const e of entries) assert.equal(e.client_address, '127.0.0.1');
  });

  it('records searches, and filters by time range', async () => {
    const start = new Date().toISOString();
    await as.nurse('GET', '/api/v1/patients?query=Testpatient');
    const entries = await audit({ username: 'it.nurse', from: start });
    assert.ok(entries.some((e) => e.action === 'patient.search' && e.detail.startsWith('query="Testpatient"')));
    assert.equal((await audit({ username: 'it.nurse', to: start })).filter((e) => e.at >= start).length, 0);
    assertProblem(await as.admin('GET', '/api/v1/audit?from=yesterday'), 400, 'from', 'datetime');
  });

  it('finds a patient by MRN, names them, filters by action, hides device readings, and exports CSV', async () => {
    const patient = validPatient({ family_name: '=HYPERLINK("x")', given_name: 'Ada, "Q"' });
    const id = (await as.front_desk('POST', '/api/v1/patients', { body: patient })).json.id;
    await as.nurse('GET', `/api/v1/patients/${id}`);
    const session = (await as.prescriber('POST', '/api/v1/sessions', {
      body: { patient_id: id, protocol: 'esketamine_nasal', scheduled_at: new Date().toISOString(), chair: 'Chair 2', dose_mg: 56 },
    })).json.id;
    const device = (await as.admin('POST', '/api/v1/devices', { body: { device_id: 'audit-monitor' } })).json.token;
    // A monitor's batches are audited once per session and hour: the second is in the vitals only.
    const sentAt = [];
    for (const value of [70, 72]) {
      sentAt.push(Math.floor(Date.now() / 3_600_000));
      const sent = await client(url, device)('POST', `/api/v1/sessions/${session}/vitals`, { body: { readings: [{ kind: 'hr', value, unit: '/min', at: new Date().toISOString() }] } });
      assert.equal(sent.status, 200, sent.text);
    }
    assert.equal((await as.nurse('POST', `/api/v1/sessions/${session}/vitals`, { body: { readings: [{ kind: 'hr', value: 74, unit: '/min', at: new Date().toISOString() }] } })).status, 200);

    const byMrn = await audit({ mrn: patient.mrn });
    const deviceRows = byMrn.filter((e) => e.action === 'vitals.record' && e.username === 'device:audit-monitor');
    assert.equal(deviceRows.length, new Set(sentAt).size, JSON.stringify(deviceRows));
    assert.equal(byMrn.filter((e) => e.action === 'vitals.record' && e.username === 'it.nurse').length, 1);
    assert.deepEqual(byMrn.find((e) => e.action === 'patient.read').patient, { mrn: patient.mrn, given_name: 'Ada, "Q"', family_name: '=HYPERLINK("x")' });
    assert.ok(byMrn.some((e) => e.action === 'vitals.record' && e.username === 'device:audit-monitor'));
    const quiet = await audit({ mrn: patient.mrn, hide_devices: 'true' });
    assert.ok(!quiet.some((e) => e.action === 'vitals.record' && e.username.startsWith('device:')));
    assert.ok(quiet.some((e) => e.action === 'vitals.record' && e.username === 'it.nurse'));  // staff stay
    assert.ok(quiet.some((e) => e.action === 'session.create'));
    assert.deepEqual([...new Set((await audit({ mrn: patient.mrn, action: 'patient' })).map((e) => e.action))].sort(), ['patient.create', 'patient.read']);
    assert.deepEqual((await audit({ mrn: patient.mrn, action: 'patient.read' })).map((e) => e.username), ['it.nurse']);
    assertProblem(await as.admin('GET', '/api/v1/audit?mrn=NO-SUCH-MRN'), 404);
    assertProblem(await as.admin('GET', '/api/v1/audit?hide_devices=maybe'), 400, 'hide_devices', 'boolean');
    // Staff sign-in is its own action, not a treatment session's.
    assert.equal((await audit({ username: 'it.nurse', action: 'staff.sign_in' }))[0].outcome, 'success');

    const csv = await as.admin('GET', `/api/v1/audit.csv?${new URLSearchParams({ mrn: patient.mrn, action: 'patient' })}`);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(csv.headers.get('content-disposition'), /^attachment; filename="audit-trail\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,at,username,role,action,outcome,patient_mrn,patient_name,patient_id,shown_patients,client_address,request_id,detail');
    assert.equal(lines.length, 3);
    // Quoted where needed, and a formula defused so a spreadsheet shows it as text.
    assert.ok(lines[1].includes(`,${patient.mrn},"'=HYPERLINK(""x""), Ada, ""Q""",${id},0,127.0.0.1,`), lines[1]);
    assert.ok((await audit({ username: 'it.admin', action: 'audit.export' })).length >= 1);
    assert.equal((await as.nurse('GET', '/api/v1/audit.csv')).status, 403);
  });

  it('cannot be changed or deleted through the API', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assertProblem(await as.admin(method, '/api/v1/audit', { body: {} }), 405);
    }
  });
});
