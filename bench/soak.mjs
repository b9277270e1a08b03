// Soak: what a broken network, a full disk queue and a power cut do to a clinic's day, measured.
// Not part of scripts/test (minutes of load); run it after changes to the server or storage.
//
//   node bench/soak.mjs [CYCLES] [EXHAUST_SECONDS]     (defaults 20 and 20)
//
// 1. Kill -9 at random moments under mixed load (patients registered, JSON vital-sign batches,
//    HL7 messages, sign-ins), CYCLES times: every acknowledged write is looked for after the
//    restart; prints acknowledged and lost (must be 0).
// 2. Resource exhaustion for EXHAUST_SECONDS with a 256-file limit: idle connections past the
//    cap, slow clients sending a byte a second, 1 MiB bodies back to back, while a probe measures
//    /healthz and the time from a critical reading to its alarm on the live feed.
// Traffic goes to 127.0.0.1 only, and every loop is bounded in count and time.
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { addUser, BIN, checkedInPatient, client, makeDataDir, openLiveFeed, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../tests/support/server.mjs';

const cycles = Number(process.argv[2] ?? 20);
const exhaustSeconds = Number(process.argv[3] ?? 20);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hl7Time = (ms) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
const percentile = (values, p) => { const s = [...values].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };

async function withMllp(dataDir, extra = []) {
  const server = await startServer(dataDir, ['--mllp', '127.0.0.1:0', ...extra]);
  server.mllpPort = Number(server.stdout().match(/MLLP\) listening on 127\.0\.0\.1:(\d+)/)[1]);
  return server;
}

// One HL7 sender on one connection: resolves each message's MSA-1.
function mllpSender(port) {
  const socket = createConnection({ host: '127.0.0.1', port });
  let buffer = Buffer.alloc(0);
  const waiting = [];
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end; (end = buffer.indexOf(0x1c)) >= 0;) {
      const ack = buffer.subarray(1, end).toString();
      buffer = buffer.subarray(end + 2);
      waiting.shift()?.resolve(ack.split('\r').find((s) => s.startsWith('MSA'))?.split('|')[1]);
    }
  });
  const fail = () => { for (const w of waiting.splice(0)) w.reject(new Error('closed')); };
  socket.on('error', fail);
  socket.on('close', fail);
  return {
    send: (message) => new Promise((resolve, reject) => { waiting.push({ resolve, reject }); socket.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(message), Buffer.from([0x1c, 0x0d])])); }),
    close: () => socket.destroy(),
  };
}

async function killCycles() {
  const dataDir = makeDataDir();
  addUser(dataDir, 'soak.prescriber', 'prescriber');
  addUser(dataDir, 'soak.nurse', 'nurse');
  let server = await withMllp(dataDir);
  const prescriber = client(server.url, await signIn(server.url, 'soak.prescriber'));
  const { mrn, sessionId } = await checkedInPatient(prescriber, client(server.url, await signIn(server.url, 'soak.nurse')), { chair: 'Chair 1' });
  const acked = { patients: [], json: [], hl7: [], signIns: 0 };
  // Distinct measurement times on whole seconds (HL7 times carry seconds), within the lookback.
  let clock = Math.floor(Date.now() / 1000) * 1000 - 1800_000;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const nurse = client(server.url, await signIn(server.url, 'soak.nurse'));
    const desk = client(server.url, await signIn(server.url, 'soak.prescriber'));
    const sender = mllpSender(server.mllpPort);
    let running = true;
    const loops = [
      (async () => { while (running) { const p = validPatient(); const r = await desk('POST', '/api/v1/patients', { body: p }); if (r.status === 201) acked.patients.push(p.mrn); } })(),
      (async () => { while (running) { const at = new Date(clock += 1000).toISOString(); const r = await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: [{ kind: 'hr', value: 70, unit: '/min', at, device_id: 'SOAK-JSON' }] } }); if (r.status === 200) acked.json.push(at); } })(),
      (async () => { while (running) { const ms = (clock += 1000); const ack = await sender.send(`MSH|^~\\&|SOAK|C|||${hl7Time(Date.now())}||ORU^R01|S${ms}|P|2.5\rPID|||${mrn}\rOBX|1|NM|8867-4^HR^LN||71|/min|||||F|||${hl7Time(ms)}||||SOAK-HL7`); if (ack === 'AA') acked.hl7.push(new Date(ms).toISOString()); } })(),
      (async () => { while (running) { await signIn(server.url, 'soak.nurse'); acked.signIns++; } })(),
    ].map((loop) => loop.catch(() => undefined));
    await sleep(300 + Math.random() * 1500);
    await server.kill9();
    running = false;
    sender.close();
    await Promise.all(loops);
    server = await withMllp(dataDir);
  }
  const reader = client(server.url, await signIn(server.url, 'soak.prescriber'));
  const vitals = (await reader('GET', `/api/v1/sessions/${sessionId}/vitals`)).json.items;
  const stored = new Set(vitals.map((v) => `${v.device_id}@${v.at}`));
  let lostPatients = 0;
  for (const mrn of acked.patients) {
    if (!(await reader('GET', `/api/v1/patients?query=${mrn}`)).json.items.length) lostPatients++;
  }
  const lostJson = acked.json.filter((at) => !stored.has(`SOAK-JSON@${at}`)).length;
  const lostHl7 = acked.hl7.filter((at) => !stored.has(`SOAK-HL7@${at}`)).length;
  console.log(`kill -9: ${cycles} cycles; acknowledged ${acked.patients.length} patients, ${acked.json.length} JSON batches, ${acked.hl7.length} HL7 messages, ${acked.signIns} sign-ins; lost ${lostPatients} patients, ${lostJson} JSON, ${lostHl7} HL7`);
  await server.stop();
  removeDataDir(dataDir);
  return lostPatients + lostJson + lostHl7;
}

async function exhaustion() {
  const dataDir = makeDataDir();
  addUser(dataDir, 'soak.prescriber', 'prescriber');
  addUser(dataDir, 'soak.nurse', 'nurse');
  const child = spawn('bash', ['-c', `ulimit -n 256 && exec "${BIN}" serve --data "${dataDir}" --listen 127.0.0.1:0 --threads 2`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', logBytes = 0;
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (logBytes += c.length));
  while (!/listening on http/.test(out)) await sleep(50);
  const url = out.match(/listening on (http:\/\/[^\s]+?)\/\s/)[1];
  const port = Number(new URL(url).port);
  const prescriber = client(url, await signIn(url, 'soak.prescriber'));
  const nurseToken = await signIn(url, 'soak.nurse');
  const nurse = client(url, nurseToken);
  // An IV session, as the ingest bench's probe chair: SBP 185 breaks its critical limit.
  const patientId = (await prescriber('POST', '/api/v1/patients', { body: validPatient() })).json.id;
  const sessionId = (await prescriber('POST', '/api/v1/sessions', { body: { patient_id: patientId, protocol: 'iv_ketamine', scheduled_at: new Date().toISOString(), chair: 'Chair 2', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 } })).json.id;
  await nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to: 'checked_in' } });
  const feed = openLiveFeed(url, nurseToken);
  await feed.opened;

  const deadline = Date.now() + exhaustSeconds * 1000;
  const sockets = [];
  let refused = 0, bigBodies = 0;
  for (let i = 0; i < 400; i++) {  // idle connections, past the cap
    const s = createConnection({ host: '127.0.0.1', port });
    s.on('error', () => {});
    s.on('data', (c) => { if (c.toString().startsWith('HTTP/1.1 503')) refused++; });
    sockets.push(s);
  }
  const slow = (async () => {  // slow clients: a header byte a second
    const s = createConnection({ host: '127.0.0.1', port });
    s.on('error', () => {});
    const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
    for (let i = 0; Date.now() < deadline && i < request.length; i++) { s.write(request[i]); await sleep(1000); }
    s.destroy();
  })();
  const big = (async () => {  // 1 MiB bodies back to back
    const body = JSON.stringify({ readings: [], pad: 'x'.repeat(1024 * 1024 - 40) });
    while (Date.now() < deadline) { await fetch(`${url}/api/v1/sessions/${sessionId}/vitals`, { method: 'POST', headers: { authorization: `Bearer ${nurseToken}`, 'content-type': 'application/json' }, body }).catch(() => undefined); bigBodies++; }
  })();
  const health = [], alarms = [];
  let healthFailures = 0, missedAlarms = 0, probeRefused = 0, sbp = 120;
  while (Date.now() < deadline) {
    const started = performance.now();
    const ok = await fetch(url + '/healthz').then((r) => r.ok).catch(() => false);
    if (ok) health.push(performance.now() - started); else healthFailures++;
    // SBP 185 raises the critical alarm, 120 ends its condition: each change is one live frame.
    sbp = sbp === 120 ? 185 : 120;
    const sent = performance.now();
    const alarm = feed.next((m) => m.type === 'alarm' && m.session_id === sessionId && m.alarm.rule_id === 'sbp_critical_high' && !m.seen && (m.seen = true), 3000);
    await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: [{ kind: 'sbp', value: sbp, unit: 'mm[Hg]', at: new Date().toISOString() }] } }).then((r) => { if (r.status !== 200) probeRefused++; }).catch(() => probeRefused++);
    await alarm.then(() => alarms.push(performance.now() - sent)).catch(() => missedAlarms++);
    await sleep(200);
  }
  await Promise.all([slow, big]);
  for (const s of sockets) s.destroy();
  feed.ws.close();
  console.log(`exhaustion (${exhaustSeconds} s, 256 files): ${refused} of 400 idle connections answered 503; ${bigBodies} 1 MiB bodies; ` +
    `/healthz p50 ${percentile(health, 0.5).toFixed(1)} ms p99 ${percentile(health, 0.99).toFixed(1)} ms, ${healthFailures} failed; ` +
    `alarm p50 ${percentile(alarms, 0.5).toFixed(1)} ms p99 ${percentile(alarms, 0.99).toFixed(1)} ms, ${missedAlarms} missed (${probeRefused} probe readings refused); log ${logBytes} bytes`);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  removeDataDir(dataDir);
  return healthFailures + missedAlarms;
}

const lost = await killCycles();
const failures = await exhaustion();
await stopAllServers();
process.exit(lost === 0 && failures === 0 ? 0 : 1);
