// Sustained vital-sign ingest against the real server on 2 cores, every reading durably committed
// before it is acknowledged:
//   - JSON: readings/s over concurrent batch POSTs with device tokens;
//   - HL7 v2/MLLP: messages/s over concurrent connections (one ORU^R01 of 4 OBX per message);
//   - alarm latency under that load: from sending a probe reading to the WebSocket frame that
//     reports its alarm change at a subscribed client, p50/p99.
// Targets (issue 5): >= 50,000 readings/s JSON, >= 10,000 messages/s HL7, alarm p99 < 50 ms.
// Issue 20: the same with 1, 2 and 4 servers on one PostgreSQL database, the load spread over
// them as a load balancer would; the probe posts to the first server and listens on the last,
// so with several servers its alarm frame crosses from one process to another.
// Compare with bench/sqlite_ceiling (raw SQLite, same durability) printed beside it.
//   node bench/ingest_load.mjs [seconds per run, default 5]
//   CLINICS=sqlite:1,postgresql:1,postgresql:2 node bench/ingest_load.mjs   (PostgreSQL: under
//   pg_virtualenv, as scripts/bench runs it)
import { createConnection } from 'node:net';
import { createRequire } from 'node:module';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../tests/support/server.mjs';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const WebSocket = require('ws');
const seconds = Number(process.argv[2] ?? 5);
const JSON_CLIENTS = 8, BATCH = 500, MLLP_CONNECTIONS = Number(process.env.MLLP_CONNECTIONS ?? 32), CHAIRS = Number(process.env.CHAIRS ?? 16);

const CLINICS = (process.env.CLINICS ?? 'sqlite:1').split(',').map((text) => {
  const [engine, servers] = text.split(':');
  if (!['sqlite', 'postgresql'].includes(engine) || !(Number(servers) >= 1)) throw new Error(`CLINICS: ${text} is not sqlite:N or postgresql:N`);
  if (engine === 'sqlite' && Number(servers) !== 1) throw new Error('CLINICS: a SQLite clinic has one server');
  return { engine, servers: Number(servers) };
});

const now = () => new Date().toISOString();
let dataDir, servers, mllpPorts, prescriberToken, gateways, chairs, probe;

// A clinic of dosing chairs (MLLP matches by MRN) on `count` servers sharing its records.
async function openClinic({ engine, servers: count }) {
  dataDir = makeDataDir({ postgresql: engine === 'postgresql' });
  addUser(dataDir, 'bench.prescriber', 'prescriber');
  addUser(dataDir, 'bench.nurse', 'nurse');
  addUser(dataDir, 'bench.admin', 'admin');
  servers = [];
  for (let i = 0; i < count; i++) servers.push(await startServer(dataDir, ['--mllp', '127.0.0.1:0']));
  mllpPorts = servers.map((s) => Number(s.stdout().match(/MLLP\) listening on 127\.0\.0\.1:(\d+)/)[1]));
  const url = servers[0].url;
  prescriberToken = await signIn(url, 'bench.prescriber');
  const prescriber = client(url, prescriberToken);
  const nurse = client(url, await signIn(url, 'bench.nurse'));
  const admin = client(url, await signIn(url, 'bench.admin'));
  const deviceToken = (await admin('POST', '/api/v1/devices', { body: { device_id: 'bench-gateway' } })).json.token;
  gateways = servers.map((s) => client(s.url, deviceToken));
  chairs = [];
  for (let i = 0; i < CHAIRS + 1; i++) {
    const patient = validPatient({ mrn: `BENCH-${i}` });
    const patientId = (await prescriber('POST', '/api/v1/patients', { body: patient })).json.id;
    const id = (await prescriber('POST', '/api/v1/sessions', { body: { patient_id: patientId, protocol: 'iv_ketamine', scheduled_at: now(), chair: `Chair ${i}`, dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 } })).json.id;
    await nurse('POST', `/api/v1/sessions/${id}/transitions`, { body: { to: 'checked_in' } });
    chairs.push({ id, mrn: patient.mrn });
  }
  probe = chairs.pop();  // its own chair: its alarm changes are what latency is measured on
  probeHigh = true;  // a new clinic's probe has no alarm yet
}

async function closeClinic() {
  await Promise.all(servers.map((s) => s.stop()));
  removeDataDir(dataDir);
}

let clock = Date.now() - 1800_000;  // unique measurement times (readings are idempotent by time), within the hour before the sessions that readings may have
const nextTime = () => new Date(++clock).toISOString();

async function jsonLoad(until) {
  let readings = 0;
  await Promise.all(Array.from({ length: JSON_CLIENTS }, async (_, c) => {
    while (Date.now() < until) {
      const chair = chairs[c % chairs.length];
      const batch = Array.from({ length: BATCH }, (_, i) => ({ kind: ['hr', 'spo2', 'rr', 'map'][i % 4], value: [72, 98, 14, 90][i % 4], unit: ['/min', '%', '/min', 'mm[Hg]'][i % 4], at: nextTime(), device_id: `bench-${c}` }));
      const response = await gateways[c % gateways.length]('POST', `/api/v1/sessions/${chair.id}/vitals`, { body: { readings: batch } });
      if (response.status !== 200) throw new Error(response.text);
      readings += response.json.stored;
    }
  }));
  return readings;
}

const hl7Time = (ms) => new Date(ms).toISOString().replace(/[-:T]/g, '').replace('Z', '').replace('.', '.').slice(0, 18) + '+0000';
function oru(chair, id) {
  const t = hl7Time(++clock);
  return `MSH|^~\\&|BENCH|CLINIC|PLASTICITY|CLINIC|${t}||ORU^R01|B${id}|P|2.6\rPID|||${chair.mrn}^^^CLINIC^MR\rOBR|1|||VITALS|||${t}\r` +
    ['147842^MDC_ECG_HEART_RATE^MDC||72|bpm', '150456^MDC_PULS_OXIM_SAT_O2^MDC||98|%', '151562^MDC_RESP_RATE^MDC||14|/min', '150023^MDC_PRESS_BLD_NONINV_MEAN^MDC||90|mmHg']
      .map((obx, i) => `OBX|${i + 1}|NM|${obx}|||||F|||${t}\r`).join('');
}

async function mllpLoad(until) {
  let messages = 0, refused = 0, sequence = 0;
  await Promise.all(Array.from({ length: MLLP_CONNECTIONS }, (_, c) => new Promise((resolve, reject) => {
    const socket = createConnection(mllpPorts[c % mllpPorts.length], '127.0.0.1');
    const chair = chairs[c % chairs.length];
    let buffer = '';
    const send = () => {
      if (Date.now() >= until) return socket.end(resolve);
      socket.write(`\x0b${oru(chair, ++sequence)}\x1c\r`);
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (data) => {
      buffer += data.toString();
      const end = buffer.indexOf('\x1c\r');
      if (end < 0) return;
      if (buffer.includes('MSA|AA|')) messages++; else refused++;
      buffer = buffer.slice(end + 2);
      send();
    });
  })));
  if (refused) throw new Error(`${refused} HL7 messages refused`);
  return messages;
}

// Probes an alarm change every 25 ms (about 150 probes in 5 s, so p99 is not just the slowest) on its own chair while the load runs: SBP 185 raises (or
// re-raises) the critical alarm, SBP 120 ends its condition; each is one WebSocket frame.
// The next probe's value, kept across runs: a run that starts with the alarm already raised must
// not send SBP 185 again (no change, no frame: a miss that is the bench's own).
let probeHigh = true;
async function probeLatency(until) {
  const ws = new WebSocket(servers.at(-1).url.replace('http', 'ws') + '/api/v1/live', { headers: { cookie: `plasticity_session=${prescriberToken}` } });
  await new Promise((resolve) => ws.on('open', resolve));
  const latencies = [];
  let waiting = null, missed = 0;
  ws.on('message', (data) => {
    // Every reading of the load comes as a frame too: only alarm frames are parsed, so the probe
    // does not take the shared cores from the server it measures.
    const text = data.toString();
    if (!text.includes('"type":"alarm"')) return;
    const event = JSON.parse(text);
    if (waiting && event.type === 'alarm' && event.session_id === probe.id && event.alarm.rule_id === 'sbp_critical_high') {
      latencies.push(performance.now() - waiting.sent);
      waiting.resolve();
    }
  });
  for (; Date.now() < until; probeHigh = !probeHigh) {
    await new Promise((resolve) => {
      // A change not seen within 2 s counts as missed (and is reported): no run can hang on it.
      const timer = setTimeout(() => { missed++; resolve(); }, 2000);
      waiting = { sent: performance.now(), resolve: () => { clearTimeout(timer); resolve(); } };
      gateways[0]('POST', `/api/v1/sessions/${probe.id}/vitals`, { body: { readings: [{ kind: 'sbp', value: probeHigh ? 185 : 120, unit: 'mm[Hg]', at: nextTime() }] } });
    });
    waiting = null;
    await new Promise((r) => setTimeout(r, 25));
  }
  ws.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { n: latencies.length, missed, p50: at(0.5), p99: at(0.99) };
}

const run = async (name, load) => {
  const until = Date.now() + seconds * 1000;
  const [count, latency] = await Promise.all([load(until), probeLatency(until)]);
  return { name, rate: count / seconds, latency };
};
const only = process.env.ONLY;
console.log(`ingest on 2 threads a server, ${seconds} s per run (${JSON_CLIENTS} JSON clients x ${BATCH} readings; ${MLLP_CONNECTIONS} MLLP connections), spread over the servers`);
console.log('%s %s %s %s %s %s %s', 'clinic'.padEnd(16), 'load'.padEnd(16), 'per second'.padStart(11), 'x SQLite'.padStart(9), 'alarm p50 ms'.padStart(13), 'alarm p99 ms'.padStart(13), 'probes (missed)'.padStart(16));
const baseline = {};  // load → the single SQLite server's rate in this run
for (const clinic of CLINICS) {
  await openClinic(clinic);
  const results = only === 'hl7' ? [await run('HL7 messages/s', mllpLoad)]
    : only === 'json' ? [await run('JSON readings/s', jsonLoad)]
    : [await run('JSON readings/s', jsonLoad), await run('HL7 messages/s', mllpLoad)];
  await closeClinic();
  const name = `${clinic.engine} x${clinic.servers}`;
  for (const r of results) {
    if (clinic.engine === 'sqlite') baseline[r.name] = r.rate;
    const ratio = baseline[r.name] ? (r.rate / baseline[r.name]).toFixed(2) : '-';
    console.log('%s %s %s %s %s %s %s', name.padEnd(16), r.name.padEnd(16), r.rate.toFixed(0).padStart(11), ratio.padStart(9), r.latency.p50.toFixed(1).padStart(13), r.latency.p99.toFixed(1).padStart(13), `${r.latency.n} (${r.latency.missed})`.padStart(16));
  }
}
await stopAllServers();
