// Hostile input and exhausted resources, sent as an attacker or a broken device would: bytes that
// are not UTF-8, lists that are too long, numbers out of range, malformed HTTP, cross-site writes,
// impossible reading times, MLLP frames that try to break their ACK, and more connections than
// file descriptors. Each is refused with its rule named, and nothing stored becomes unreadable.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { addUser, BIN, checkedInPatient, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

let dataDir, server, mllpPort, admin, prescriber, nurse, nurseToken, host, port, patientId, mrn, sessionId, planId;

// Sends raw bytes, resolves with everything the peer answered until it closed or went quiet.
function raw(targetPort, bytes, { quietMs = 1500 } = {}) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: targetPort });
    const chunks = [];
    let timer;
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(Buffer.concat(chunks)); };
    const quiet = () => { clearTimeout(timer); timer = setTimeout(done, quietMs); };
    socket.on('data', (chunk) => { chunks.push(chunk); quiet(); });
    socket.on('end', done);
    socket.on('error', done);
    socket.on('connect', () => { socket.write(bytes); quiet(); });
  });
}

// The status and problem type of a raw HTTP answer.
function httpAnswer(buffer) {
  const text = buffer.toString('latin1');
  const status = Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  let problem;
  try { problem = JSON.parse(body); } catch { problem = undefined; }
  return { status, problem, text };
}

const frame = (message) => Buffer.concat([Buffer.from([0x0b]), Buffer.isBuffer(message) ? message : Buffer.from(message, 'latin1'), Buffer.from([0x1c, 0x0d])]);
const msaOf = (ack) => ack.toString('latin1').split('\r').find((s) => s.startsWith('MSA'))?.split('|') ?? [];
const hl7Time = (date = new Date()) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
const oru = ({ control = 'M1', value = '120', at = hl7Time(), device = 'MON-1' } = {}) =>
  `MSH|^~\\&|MON|CLINIC|||${hl7Time()}||ORU^R01|${control}|P|2.5\rPID|||${mrn}^^^CLINIC^MR\rPV1||O|ROOM^CHAIR7\r` +
  `OBX|1|NM|8480-6^SBP^LN||${value}|mm[Hg]|||||F|||${at}||||${device}`;

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['x.admin', 'admin'], ['x.prescriber', 'prescriber'], ['x.nurse', 'nurse']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir, ['--mllp', '127.0.0.1:0']);
  mllpPort = Number(server.stdout().match(/MLLP\) listening on 127\.0\.0\.1:(\d+)/)[1]);
  ({ host, port } = new URL(server.url));
  port = Number(port);
  admin = client(server.url, await signIn(server.url, 'x.admin'));
  prescriber = client(server.url, await signIn(server.url, 'x.prescriber'));
  nurseToken = await signIn(server.url, 'x.nurse');
  nurse = client(server.url, nurseToken);
  ({ mrn, patientId, sessionId } = await checkedInPatient(prescriber, nurse, { chair: 'Chair 7' }));
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

describe('text that is not UTF-8', () => {
  it('is refused in the path and query, naming the field, and the audit trail stays readable', async () => {
    for (const [path, field] of [
      ['/api/v1/patients?query=%ff', 'query/query'],
      [`/api/v1/patients/%c3%28`, 'path'],
      ['/api/v1/%ff', 'path'],
      ['/%ff.js', 'path'],
    ]) {
      const response = await nurse('GET', path);
      assert.equal(response.status, 400, `${path}: ${response.text}`);
      assert.equal(response.json.errors[0].field, field, path);
      assert.equal(response.json.errors[0].rule, 'utf8_text', path);
    }
    const audit = await admin('GET', '/api/v1/audit?limit=1000');
    assert.equal(audit.status, 200, audit.text);
  });

  it('is refused in HL7 fields by segment and field (AR), and the session stays readable', async () => {
    const bad = Buffer.concat([Buffer.from(oru({ control: 'U1', device: '' }), 'latin1'), Buffer.from([0x64, 0x65, 0x76, 0xff, 0xfe])]);
    const msa = msaOf(await raw(mllpPort, frame(bad)));
    assert.equal(msa[1], 'AR');
    assert.match(msa[3], /^OBX-18 is not valid UTF-8/);
    const gateway = Buffer.from(oru({ control: 'U2' }).replace('|MON|', '|GW\xC3\x28|'), 'latin1');
    assert.match(msaOf(await raw(mllpPort, frame(gateway)))[3], /^MSH-3 is not valid UTF-8/);
    assert.equal((await nurse('GET', `/api/v1/sessions/${sessionId}`)).status, 200);
    assert.equal((await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).status, 200);
  });
});

describe('sizes and shapes of JSON bodies', () => {
  it('refuses a list past its maximum at once, and any list past 5,000 items', async () => {
    const many = await prescriber('POST', '/api/v1/patients', { body: validPatient({ diagnoses: Array(64000).fill(1) }) });
    assert.equal(many.status, 400);
    assert.equal(many.json.errors[0].rule, 'limits');
    const fiftyOne = await prescriber('POST', '/api/v1/patients', { body: validPatient({ diagnoses: Array(51).fill(1) }) });
    assert.equal(fiftyOne.status, 400);
    assert.deepEqual(fiftyOne.json.errors.map((e) => [e.field, e.rule]), [['diagnoses', 'max_items']]);
    const deep = await prescriber('POST', '/api/v1/patients', { raw: '{"a":' + '['.repeat(40) + ']'.repeat(40) + '}', headers: { 'content-type': 'application/json' } });
    assert.equal(deep.status, 400);
    assert.match(deep.json.detail, /deeper than 16/);
  });

  it('answers numbers out of range with the byte they start at, never echoing them', async () => {
    const digits = '9'.repeat(5000);
    for (const number of ['1e309', digits]) {
      const response = await prescriber('POST', '/api/v1/patients', { raw: `{"weight_kg": ${number}}`, headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 400, response.text);
      assert.equal(response.json.type, 'urn:plasticity:problem:malformed-json');
      assert.match(response.json.detail, /at byte \d+ is outside the range/);
      assert.ok(!response.text.includes('99999999'));
    }
    assert.ok(!server.stderr().includes('99999999') && !server.stdout().includes('99999999'), 'the log never copies a body');
  });

  it('answers bodies of the wrong shape 400, not 500', async () => {
    const checklist = await nurse('POST', `/api/v1/sessions/${sessionId}/checklist`, { body: { list: 1, items: {} } });
    assert.equal(checklist.status, 400, checklist.text);
    for (const body of ['[]', 'null', '1', '"x"']) {
      const response = await prescriber('PATCH', '/api/v1/plans/no-such-plan', { raw: body, headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 400, `${body}: ${response.text}`);
      assert.equal(response.json.errors[0].rule, 'object');
    }
  });
});

describe('cross-site writes', () => {
  it('refuses a cookie-authenticated write from another origin, and a body that is not JSON', async () => {
    const cookie = { cookie: `plasticity_session=${nurseToken}` };
    const evil = await client(server.url)('POST', '/api/v1/patients', { body: validPatient(), headers: { ...cookie, origin: 'http://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.json.type, 'urn:plasticity:problem:cross-origin');
    const crossSite = await client(server.url)('POST', '/api/v1/outbox/x/sent', { raw: 'x', headers: { ...cookie, 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 415);
    const noBody = await client(server.url)('POST', '/api/v1/outbox/x/sent', { headers: { ...cookie, 'sec-fetch-site': 'cross-site' } });
    assert.equal(noBody.status, 403);
    const ownPage = await client(server.url)('GET', '/api/v1/session', { headers: { ...cookie, origin: server.url } });
    assert.equal(ownPage.status, 200);
    const sameOrigin = await client(server.url)('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'hr', value: 70, unit: '/min', at: new Date().toISOString() }] },
      headers: { ...cookie, origin: server.url },
    });
    assert.equal(sameOrigin.status, 200, sameOrigin.text);
  });
});

describe('reading times', () => {
  it('refuses readings from long before the session, over JSON and HL7', async () => {
    const json = await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'hr', value: 70, unit: '/min', at: '0001-01-01T00:00:00.000Z' }] },
    });
    assert.equal(json.status, 400, json.text);
    assert.equal(json.json.errors[0].field, 'readings/0/at');
    const msa = msaOf(await raw(mllpPort, frame(oru({ control: 'T1', at: '19000101000000' }))));
    assert.equal(msa[1], 'AE');
    assert.match(msa[3], /^OBX-14 \(observation time\): the measurement time is before/);
  });
});

describe('MLLP', () => {
  it('escapes what the ACK echoes, so no byte ends the frame early', async () => {
    const ack = await raw(mllpPort, frame(oru({ control: 'C\x0bD\x1cE' })));
    const body = ack.subarray(1, ack.length - 2);
    assert.ok(!body.includes(0x0b) && !body.includes(0x1c), ack.toString('latin1'));
    assert.equal(msaOf(ack)[2], 'C\\X0B\\D\\X1C\\E');
  });

  it('reads NM values by HL7 rules: no hexadecimal, no spaces', async () => {
    for (const value of ['0x1p7', ' 120']) {
      const msa = msaOf(await raw(mllpPort, frame(oru({ control: 'N1', value }))));
      assert.notEqual(msa[1], 'AA', `${JSON.stringify(value)} accepted`);
    }
    assert.equal(msaOf(await raw(mllpPort, frame(oru({ control: 'N2', value: '120' }))))[1], 'AA');
  });

  it('rejects a frame over 64 KiB and closes', async () => {
    const ack = await raw(mllpPort, frame(oru({ control: 'B1' }) + '\rNTE|1||' + 'x'.repeat(70 * 1024)));
    assert.equal(msaOf(ack)[1], 'AR');
  });
});

describe('malformed HTTP', () => {
  const cases = [
    ['a target over 8 KiB', `GET /api/v1/patients?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: h\r\n\r\n`, 414],
    ['a target over 64 KiB', `GET /${'a'.repeat(70000)} HTTP/1.1\r\nHost: h\r\n\r\n`, 414],
    ['1,000 header fields', `GET /healthz HTTP/1.1\r\nHost: h\r\n${Array.from({ length: 1000 }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`, 431],
    ['a 100 KB header', `GET /healthz HTTP/1.1\r\nHost: h\r\nX-Big: ${'b'.repeat(100000)}\r\n\r\n`, 431],
    ['a bad request line', 'GET\r\n\r\n', 400],
    ['two Content-Lengths', 'POST /api/v1/session HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
    ['a negative Content-Length', 'POST /api/v1/session HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n', 400],
    ['a huge Content-Length', 'POST /api/v1/session HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n', 400],
    ['a bad chunk size', 'POST /api/v1/session HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400],
    ['a malformed Host', 'GET /healthz HTTP/1.1\r\nHost: h\xff/\r\n\r\n', 400],
  ];
  for (const [name, request, status] of cases) {
    it(`answers ${name} with ${status} and a problem document`, async () => {
      const answer = httpAnswer(await raw(port, Buffer.from(request, 'latin1')));
      assert.equal(answer.status, status, answer.text.slice(0, 300));
      assert.equal(answer.problem?.status, status);
    });
  }

  it('answers Content-Length with Transfer-Encoding with 400 or by the chunks alone, never smuggled', async () => {
    const answer = httpAnswer(await raw(port, Buffer.from(
      'POST /api/v1/session HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n', 'latin1')));
    assert.ok([400, 415].includes(answer.status), answer.text.slice(0, 300));
  });
});

describe('the audit trail', () => {
  it('finds the list views that showed a patient: search, nurse station, unsent forms', async () => {
    assert.equal((await nurse('GET', `/api/v1/patients?query=${mrn}`)).status, 200);
    assert.equal((await nurse('GET', '/api/v1/sessions')).status, 200);
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${patientId}&limit=1000`)).json.items;
    for (const action of ['patient.search', 'session.list']) {
      const entry = trail.find((e) => e.action === action);
      assert.ok(entry, `${action} found by patient`);
      assert.ok(entry.shown_patient_ids.includes(patientId));
    }
  });
});

describe('out of file descriptors', () => {
  it('answers connections over the cap with 503, does not spin, and recovers', async () => {
    const dir = makeDataDir();
    const child = spawn('bash', ['-c', `ulimit -n 160 && exec "${BIN}" serve --data "${dir}" --listen 127.0.0.1:0 --threads 2`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(err)), 15000);
      child.stdout.on('data', () => { const m = out.match(/listening on (http:\/\/[^\s]+?)\/\s/); if (m) { clearTimeout(timer); resolve(m[1]); } });
    });
    const serverPort = Number(new URL(url).port);
    const sockets = [];
    const refused = [];
    for (let i = 0; i < 200; i++) {
      const socket = createConnection({ host: '127.0.0.1', port: serverPort });
      socket.on('error', () => {});
      socket.on('data', (chunk) => { if (chunk.toString().startsWith('HTTP/1.1 503')) refused.push(i); });
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.ok(refused.length > 0, 'connections over the cap are answered 503');
    const linesWhileFull = err.split('\n').length;
    assert.ok(linesWhileFull < 50, `the log stays quiet (${linesWhileFull} lines)`);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const health = await fetch(url + '/healthz');
    assert.equal(health.status, 200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    removeDataDir(dir);
  });
});
