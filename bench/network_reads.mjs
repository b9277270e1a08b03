// Patient search and chart reads under load, as a clinic network serves them: one SQLite server,
// then 1 and 2 servers on one PostgreSQL database (issue 20), each over the same synthetic clinic
// (`plasticity synthesize`, one year of a 12-chair clinic). Closed-loop clients, spread over the
// servers as a load balancer would, each ask in turn: a name-fragment search, a chart, the
// patient's sessions. Every read of a chart is audited (a write), as in the clinic.
// Prints requests/s, the ratio to the SQLite server measured in the same run, and p50/p99 by
// request.
//   node bench/network_reads.mjs [seconds, default 5] [patients, default 2000]   (under
//   pg_virtualenv, as scripts/bench runs it)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { addUser, BIN, clinicArgs, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers } from '../tests/support/server.mjs';

const seconds = Number(process.argv[2] ?? 5);
const patients = Number(process.argv[3] ?? 2000);
const CLIENTS = 16;
const CLINICS = [{ engine: 'sqlite', servers: 1 }, { engine: 'postgresql', servers: 1 }, { engine: 'postgresql', servers: 2 }];
const KINDS = ['search', 'chart', 'sessions'];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function measure({ engine, servers: count }) {
  const dir = makeDataDir({ postgresql: engine === 'postgresql' });
  const grown = spawnSync(BIN, ['synthesize', ...clinicArgs(dir), '--patients', String(patients), '--years', '1', '--chairs', '12',
    '--vitals-every-seconds', '300', '--seed', '2026'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(grown.status, 0, grown.stderr);
  assert.equal(addUser(dir, 'r.md', 'prescriber').status, 0);
  const servers = [];
  for (let i = 0; i < count; i++) servers.push(await startServer(dir));
  const token = await signIn(servers[0].url, 'r.md');
  const apis = servers.map((s) => client(s.url, token));
  // Fifty patients spread over the registry, found by MRN, and a fragment of each one's name.
  const charts = [];
  for (let i = 0; i < 50; i++) {
    const mrn = `SYN-${String(1 + Math.floor((i * patients) / 50)).padStart(6, '0')}`;
    const [patient] = (await apis[0]('GET', `/api/v1/patients?query=${mrn}`)).json.items;
    charts.push({ id: patient.id, fragment: patient.family_name.slice(1, 4).toLowerCase() });
  }
  const samples = Object.fromEntries(KINDS.map((k) => [k, []]));
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const api = apis[c % apis.length];
    for (let i = c; Date.now() < until; i++) {
      const chart = charts[i % charts.length];
      const kind = KINDS[i % KINDS.length];
      const path = kind === 'search' ? `/api/v1/patients?query=${chart.fragment}`
        : kind === 'chart' ? `/api/v1/patients/${chart.id}` : `/api/v1/patients/${chart.id}/sessions`;
      const t0 = performance.now();
      const response = await api('GET', path);
      samples[kind].push(performance.now() - t0);
      assert.equal(response.status, 200, `${path}: ${response.text}`);
    }
  }));
  await Promise.all(servers.map((s) => s.stop()));
  removeDataDir(dir);
  const total = KINDS.reduce((sum, k) => sum + samples[k].length, 0);
  const latency = Object.fromEntries(KINDS.map((k) => {
    const sorted = samples[k].sort((a, b) => a - b);
    return [k, { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
  }));
  return { rate: total / seconds, latency };
}

console.log(`reads of a ${patients}-patient clinic, ${CLIENTS} clients over the servers, ${seconds} s each, 2 threads a server`);
console.log('%s %s %s %s', 'clinic'.padEnd(16), 'requests/s'.padStart(11), 'x SQLite'.padStart(9),
  KINDS.map((k) => `${k} p50/p99 ms`.padStart(22)).join(''));
let baseline;
for (const clinic of CLINICS) {
  const { rate, latency } = await measure(clinic);
  baseline ??= rate;
  console.log('%s %s %s %s', `${clinic.engine} x${clinic.servers}`.padEnd(16), rate.toFixed(0).padStart(11),
    (rate / baseline).toFixed(2).padStart(9),
    KINDS.map((k) => `${latency[k].p50.toFixed(1)} / ${latency[k].p99.toFixed(1)}`.padStart(22)).join(''));
}
await stopAllServers();
