// Vital signs over HL7 v2 / MLLP with a real HL7 client from npm (simple-hl7): ORU^R01 messages
// are stored and acknowledged (AA); malformed, unsupported and unmatched messages are answered
// (AR/AE with the reason), never dropped; a kill -9 during ingest loses no acknowledged reading.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { addUser, BIN, checkedInPatient, client, makeDataDir, openLiveFeed, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const hl7 = require('simple-hl7');

let dataDir, server, mllpPort, prescriber, nurse, mrn, sessionId;

async function startWithMllp() {
  const started = await startServer(dataDir, ['--mllp', '127.0.0.1:0']);
  mllpPort = Number(started.stdout().match(/MLLP\) listening on 127\.0\.0\.1:(\d+)/)[1]);
  return started;
}

// One connection kept open, as monitors and interface engines do; resolves with each ACK.
function monitorConnection() {
  const connection = hl7.Server.createTcpClient({ host: '127.0.0.1', port: mllpPort, keepalive: true });
  return {
    send: (text) => new Promise((resolve, reject) => connection.send(text, (error, ack) => (error ? reject(error) : resolve(ack)))),
    close: () => connection.close(),
  };
}

const hl7Time = (date = new Date()) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
let sequence = 0;
const oru = (patientMrn, observations, { type = 'ORU^R01', bed = 'KETAMINE^ROOM1^CHAIR5', at = Date.now() } = {}) =>
  [
    `MSH|^~\\&|MONITOR-5|CLINIC|PLASTICITY|CLINIC|${hl7Time()}||${type}|MSG${++sequence}|P|2.6`,
    `PID|||${patientMrn}^^^CLINIC^MR`,
    `PV1||O|${bed}`,
    `OBR|1|||VITALS|||${hl7Time()}`,
    ...observations.map(
      ([code, value, unit], i) => `OBX|${i + 1}|NM|${code}||${value}|${unit}|||||F|||${hl7Time(new Date(at - 1000 * i))}||||MON-5`,
    ),
  ].join('\r');
// One heart rate measured at `at` by `device`: distinct times make each message a new reading.
const heartRateAt = (at, value, device) =>
  oru(mrn, []).replace(/OBR\|.*$/, `OBR|1|||VITALS|||${hl7Time(at)}\rOBX|1|NM|8867-4^HR^LN||${value}|/min|||||F|||${hl7Time(at)}||||${device}`);
const msa = (ack) => [ack.getSegment('MSA').getField(1), ack.getSegment('MSA').getField(2), ack.getSegment('MSA').getField(3)];

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['h.prescriber', 'prescriber'], ['h.nurse', 'nurse']]) assert.equal(addUser(dataDir, name, role).status, 0);
  server = await startWithMllp();
  prescriber = client(server.url, await signIn(server.url, 'h.prescriber'));
  nurse = client(server.url, await signIn(server.url, 'h.nurse'));
  ({ mrn, sessionId } = await checkedInPatient(prescriber, nurse));
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

describe('HL7 v2 over MLLP', () => {
  it('stores an ORU^R01 for the checked-in patient, answers AA, raises the alarm and shows both live', async () => {
    const feed = openLiveFeed(server.url, await signIn(server.url, 'h.nurse'));
    await feed.opened;
    const monitor = monitorConnection();
    const ack = await monitor.send(oru(mrn, [['8480-6^SBP^LN', 185, 'mm[Hg]'], ['150022^MDC_PRESS_BLD_NONINV_DIA^MDC', 92, '266016^MDC_DIM_MMHG^MDC'], ['147842^MDC_ECG_HEART_RATE^MDC', 88, 'bpm']]));
    assert.deepEqual(msa(ack), ['AA', `MSG${sequence}`, '']);
    monitor.close();
    const frame = await feed.next((m) => m.type === 'vitals' && m.session_id === sessionId);
    assert.deepEqual(frame.readings.map((r) => [r.kind, r.value, r.device_id]).sort(), [['dbp', 92, 'MON-5'], ['hr', 88, 'MON-5'], ['sbp', 185, 'MON-5']]);
    await feed.next((m) => m.type === 'alarm' && m.session_id === sessionId && m.alarm.rule_id === 'sbp_critical_high');
    feed.ws.close();
    const record = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json;
    assert.deepEqual(record.vitals.map((v) => [v.kind, v.value, v.device_id]).sort(), [['dbp', 92, 'MON-5'], ['hr', 88, 'MON-5'], ['sbp', 185, 'MON-5']]);
    assert.equal(record.alarms.find((a) => a.rule_id === 'sbp_critical_high')?.severity, 'critical');
  });

  it('follows the patient: a changed MRN or an aborted session stops matching at once', async () => {
    // A second patient with their own session, read from the cache after the first message.
    const patient = validPatient();
    const patientId = (await prescriber('POST', '/api/v1/patients', { body: patient })).json.id;
    const session = (await prescriber('POST', '/api/v1/sessions', {
      body: { patient_id: patientId, protocol: 'esketamine_nasal', scheduled_at: new Date().toISOString(), chair: 'Chair 6', dose_mg: 56 },
    })).json;
    assert.equal((await nurse('POST', `/api/v1/sessions/${session.id}/transitions`, { body: { to: 'checked_in' } })).status, 200);
    const monitor = monitorConnection();
    // Each reading a minute apart (readings are idempotent by device, kind and time).
    const hr = (value, mrnNow = patient.mrn) =>
      oru(mrnNow, [['8867-4^HR^LN', value, '/min']], { bed: 'KETAMINE^ROOM1^CHAIR6', at: Date.now() - (80 - value) * 60000 });
    assert.equal(msa(await monitor.send(hr(70)))[0], 'AA');
    assert.equal(msa(await monitor.send(hr(71)))[0], 'AA');
    const chart = (await nurse('GET', `/api/v1/patients/${patientId}`)).json;
    const renamed = await nurse('PATCH', `/api/v1/patients/${patientId}`, {
      body: { mrn: `${patient.mrn}-X`, reason: 'MRN typo' }, headers: { 'if-match': `"${chart.version}"` },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(msa(await monitor.send(hr(72)))[0], 'AE', 'the old MRN names no one now');
    assert.equal(msa(await monitor.send(hr(73, `${patient.mrn}-X`)))[0], 'AA');
    assert.equal((await nurse('POST', `/api/v1/sessions/${session.id}/transitions`, { body: { to: 'aborted', reason: 'patient left' } })).status, 200);
    assert.equal(msa(await monitor.send(hr(74, `${patient.mrn}-X`)))[0], 'AE');
    monitor.close();
    const stored = (await nurse('GET', `/api/v1/sessions/${session.id}`)).json.vitals.map((v) => v.value);
    assert.deepEqual(stored.sort(), [70, 71, 73]);
  });

  it('answers every bad message on the same connection and keeps serving it', async () => {
    const monitor = monitorConnection();
    let ack = await monitor.send('this is not HL7');
    assert.equal(msa(ack)[0], 'AR');
    assert.match(ack.getSegment('ERR').getField(8), /must start with an MSH segment/);
    ack = await monitor.send(oru(mrn, [], { type: 'ADT^A01' }));
    assert.deepEqual(msa(ack).slice(0, 2), ['AR', `MSG${sequence}`]);
    ack = await monitor.send(oru('NO-SUCH-MRN', [['8867-4^HR^LN', 70, '/min']]));
    assert.deepEqual(msa(ack), ['AE', `MSG${sequence}`, 'no patient has the MRN NO-SUCH-MRN']);
    ack = await monitor.send(oru(mrn, [['8480-6^SBP^LN', 400, 'mm[Hg]']]));
    assert.equal(msa(ack)[0], 'AE');
    assert.match(msa(ack)[2], /sbp 400 mm\[Hg\] is not possible/);
    ack = await monitor.send(oru(mrn, [['59408-5^SpO2^LN', 97, '%']]));
    assert.equal(msa(ack)[0], 'AA');
    monitor.close();
    const kinds = (await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items.map((v) => v.kind);
    assert.ok(kinds.includes('spo2'));
    assert.equal(kinds.filter((k) => k === 'sbp').length, 1, 'the refused SBP 400 was not stored');
  });

  it('answers messages sent back to back in one write, in order, each once', { timeout: 10000 }, async () => {
    // A gateway catching up may not wait for each ACK; the answers must still come one per
    // message, in the order sent, though their commits finish on another thread.
    const messages = [oru(mrn, [['8867-4^HR^LN', 64, '/min']], { at: Date.now() - 5000 })];
    const first = sequence;
    messages.push('not HL7 at all');
    messages.push(oru(mrn, [['8867-4^HR^LN', 65, '/min']], { at: Date.now() - 4000 }));
    messages.push(oru('NO-SUCH-MRN', [['8867-4^HR^LN', 66, '/min']]));
    const socket = createConnection(mllpPort, '127.0.0.1');
    let received = '';
    const acks = await new Promise((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (data) => {
        received += data.toString();
        const frames = received.split('\x1c\r').filter((frame) => frame.includes('MSA|'));
        if (frames.length === messages.length) resolve(frames);
      });
      socket.write(messages.map((m) => `\x0b${m}\x1c\r`).join(''));
    });
    socket.end();
    const answers = acks.map((frame) => frame.split('\r').find((segment) => segment.startsWith('MSA|')).split('|').slice(1, 3));
    assert.deepEqual(answers, [['AA', `MSG${first}`], ['AR', ''], ['AA', `MSG${first + 1}`], ['AE', `MSG${first + 2}`]]);
  });

  it('is fed by the device simulator over MLLP and over JSON with a device token', async () => {
    const before = (await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items.length;
    let run = spawnSync(BIN, ['simulate-devices', '--to', `mllp://127.0.0.1:${mllpPort}`, '--mrns', mrn, '--rate-hz', '10', '--minutes', '0.05', '--seed', '3'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /sent \d+ messages to 1 chairs; 0 refused/);
    const viaMllp = (await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items;
    assert.ok(viaMllp.length > before + 30, `${viaMllp.length} readings`);
    assert.ok(viaMllp.some((v) => v.device_id === 'sim-monitor-1' && v.kind === 'sbp'));

    const admin = (addUser(dataDir, 'h.admin', 'admin'), client(server.url, await signIn(server.url, 'h.admin')));
    const token = (await admin('POST', '/api/v1/devices', { body: { device_id: 'sim-gateway' } })).json.token;
    run = spawnSync(BIN, ['simulate-devices', '--to', server.url, '--sessions', sessionId, '--token', token, '--rate-hz', '10', '--minutes', '0.05'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok((await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items.length > viaMllp.length + 30);
    // A bad target is one clear line and exit code 2.
    run = spawnSync(BIN, ['simulate-devices', '--to', 'ftp://x:1', '--chairs', '1'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--to must be mllp:\/\/HOST:PORT or http:\/\/HOST:PORT/);
  });

  it('stops cleanly on SIGTERM while messages are being stored, keeping every one acknowledged', async () => {
    // Several senders keep messages in flight, so the stop finds answers still waiting for their
    // commits; the listener waits for them rather than leave them to a closed connection.
    const monitors = [monitorConnection(), monitorConnection(), monitorConnection()];
    const termBase = Math.floor(Date.now() / 1000) * 1000 - 40 * 60 * 1000;
    const acknowledged = [];
    let stopping = false;
    const send = async (monitor, m) => {
      for (let i = 0; i < 300 && !stopping; i++) {
        // Distinct past times within the hour before the session's booking that readings may have.
        const at = new Date(termBase + 1000 * i);
        const ack = await monitor.send(heartRateAt(at, 70 + m, `TERM-${m}`));
        if (msa(ack)[0] === 'AA') acknowledged.push(`${m}@${at.toISOString()}`);
      }
    };
    // Not awaited: after the stop the senders never hear back for the messages in flight.
    monitors.forEach((monitor, m) => send(monitor, m).catch(() => undefined));
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 5));
    stopping = true;
    const exit = await server.stop();
    monitors.forEach((monitor) => monitor.close());
    assert.deepEqual(exit, { code: 0, signal: null });
    server = await startWithMllp();
    nurse = client(server.url, await signIn(server.url, 'h.nurse'));
    const stored = new Set((await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items
      .filter((v) => v.device_id.startsWith('TERM-')).map((v) => `${v.device_id.slice(5)}@${v.at}`));
    assert.deepEqual(acknowledged.filter((key) => !stored.has(key)), []);
  });

  it('loses no acknowledged reading when killed with SIGKILL during ingest', async () => {
    const monitor = monitorConnection();
    const killBase = Math.floor(Date.now() / 1000) * 1000 - 20 * 60 * 1000;
    const acknowledged = [];
    let killed = false;
    // Not awaited: after the kill the client never hears back for the message in flight.
    (async () => {
      for (let i = 0; i < 400 && !killed; i++) {
        const value = 60 + (i % 40);
        const at = new Date(killBase + 1000 * i);
        const ack = await monitor.send(heartRateAt(at, value, 'KILL-TEST'));
        if (msa(ack)[0] === 'AA') acknowledged.push(at.toISOString());
      }
    })().catch(() => undefined);
    while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.kill9();
    monitor.close();
    server = await startWithMllp();
    nurse = client(server.url, await signIn(server.url, 'h.nurse'));
    const stored = new Set((await nurse('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items.filter((v) => v.device_id === 'KILL-TEST').map((v) => v.at));
    const lost = acknowledged.filter((at) => !stored.has(at));
    assert.ok(acknowledged.length >= 25);
    assert.deepEqual(lost, []);
  });
});
