// The clinic's outcome report over HTTP: the contract (every block, the published figures beside
// the clinic's), parameters refused by name, the researcher's view with small cells hidden, the
// patients behind a figure for staff who read patients, and every read audited.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { seedOutcomeClinic } from '../support/outcomes.mjs';
import { BIN, addUser, checkedInPatient, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, clinicArgs } from '../support/server.mjs';

let dataDir, server, prescriber, nurse, researcher, admin;
const tokens = {};
const DAY = 86400e3;
const NOW = Date.now();
const ago = (days) => new Date(NOW - days * DAY).toISOString();

let patientIds;
before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['out.md', 'prescriber'], ['out.rn', 'nurse'], ['out.research', 'researcher'], ['out.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir);
  tokens.prescriber = await signIn(server.url, 'out.md');
  prescriber = client(server.url, tokens.prescriber);
  nurse = client(server.url, await signIn(server.url, 'out.rn'));
  tokens.researcher = await signIn(server.url, 'out.research');
  researcher = client(server.url, tokens.researcher);
  admin = client(server.url, await signIn(server.url, 'out.admin'));
  patientIds = await seedOutcomeClinic(prescriber, NOW);
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

describe('outcome report', () => {
  it('answers the contract for a prescriber', async () => {
    const r = await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9');
    assert.equal(r.status, 200, r.text);
    const j = r.json;
    assert.deepEqual([j.instrument, j.patients_with_baseline, j.patients_with_follow_up], ['phq9', 12, 12]);
    assert.deepEqual([j.ever_response.count, j.ever_response.denominator], [7, 12]);
    assert.equal(j.ever_response.rate, 7 / 12);
    assert.ok(j.ever_response.ci95[0] < 7 / 12 && 7 / 12 < j.ever_response.ci95[1]);
    assert.equal(j.ever_remission.count, 3);
    assert.equal(j.last_response.count, 7);
    // Everyone who responded did so at the first follow-up, a week after baseline.
    const first = j.time_to_response.curve[0];
    assert.deepEqual([first.day, first.at_risk, first.events], [7, 12, 7]);
    assert.equal(first.probability, 7 / 12);
    assert.equal(j.time_to_response.median_days, 7);
    assert.deepEqual(j.time_to_response.curve.at(-1), { ...j.time_to_response.curve.at(-1), day: 14, censored: 5 });
    assert.deepEqual(j.response_durability.still_in_response, { day_28: null, day_56: null }, 'followed only a week after responding');
    assert.deepEqual(j.flow.map((s) => [s.step, s.count]).slice(0, 2), [['registered', 12], ['screened', 0]]);
    assert.deepEqual(j.flow[0].left, { 'not screened': 12 });
    assert.deepEqual(j.by_session, [], 'nobody was dosed');
    assert.ok(j.published.some((p) => p.study === 'ORKA-1' && p.percent === 53.6 && p.instrument === 'phq9'));
    assert.ok(j.published.every((p) => p.citation && p.url));
    assert.equal(j.suppressed_small_cells, false);
  });

  it('groups and filters, with a log-rank test across the groups', async () => {
    const grouped = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9&group_by=indication')).json;
    assert.deepEqual(grouped.groups.map((g) => [g.key, g.patients_with_baseline, g.ever_response.count]), [['F33', 6, 6], ['F43', 6, 1]]);
    assert.equal(grouped.log_rank.df, 1);
    assert.ok(grouped.log_rank.p < 0.05, `p = ${grouped.log_rank.p}`);
    const ptsd = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9&indication=F43')).json;
    assert.equal(ptsd.patients_with_baseline, 6);
    const none = (await prescriber('GET', `/api/v1/reports/outcomes?instrument=phq9&baseline_from=${ago(30).slice(0, 10)}`)).json;
    assert.equal(none.patients_with_baseline, 0);
    assert.deepEqual(none.ever_response, { count: 0, denominator: 0, rate: null, ci95: [null, null] });
    assert.equal((await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9&treated_only=true')).json.patients_with_baseline, 0);
  });

  it('computes CMS159 for a measurement year from the PHQ-9s of depressed patients', async () => {
    // The seeded baselines (60 days ago) fall in the identification period [Nov 1 of Y-2, Nov 1 of Y-1).
    const index = new Date(NOW - 60 * DAY);
    const year = index.getUTCFullYear() + (index.getUTCMonth() >= 10 ? 2 : 1);
    const cms = (await prescriber('GET', `/api/v1/reports/outcomes?instrument=gad7&measurement_year=${year}`)).json.cms159;
    assert.equal(cms.measurement_year, year);
    assert.deepEqual(cms.identification_period, { from: `${year - 2}-11-01`, until: `${year - 1}-11-01` });
    // The six F33 patients, PHQ-9 20 at baseline; nobody followed to twelve months yet.
    assert.deepEqual([cms.initial_population, cms.excluded, cms.denominator, cms.count], [6, 0, 6, 0]);
    assert.deepEqual(cms.strata.map((s) => [s.ages, s.denominator]), [['12-17', 0], ['18+', 6]]);
    assert.ok(cms.not_recorded.includes('death'));
    const lastYear = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9')).json.cms159;
    assert.equal(lastYear.measurement_year, new Date().getFullYear() - 1, 'last year by default');
  });

  it('prints the report as a PDF that shows what its reader may see', async () => {
    const pdfText = async (token) => {
      const r = await fetch(`${server.url}/api/v1/reports/outcomes.pdf?instrument=phq9`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/pdf');
      assert.equal(r.headers.get('content-disposition'), 'inline; filename="outcomes-phq9.pdf"');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      // libharu writes text uncompressed, with octal escapes for ( ) and /.
      return bytes.toString('latin1').replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
    };
    const full = await pdfText(tokens.prescriber);
    const api = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9')).json;
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    assert.ok(full.includes(`(Responded at any follow-up: 7 of 12, ${pct(7 / 12)} (95% interval ${pct(api.ever_response.ci95[0])} to ${pct(api.ever_response.ci95[1])})) Tj`), 'the clinic');
    assert.ok(full.includes('(ORKA-1, phq9 response: 53.6% (N 537)) Tj'), 'the published figures');
    // The time-to-response curve drawn: one step (seven respond on day 7) of the 0-100% frame.
    assert.ok(full.includes('(Responded by day (Kaplan-Meier, dashed: 95% interval)) Tj'), 'the curve\'s caption');
    assert.ok(/\n[\d.]+ [\d.]+ [\d.]+ [\d.]+ re\n/.test(full), 'its frame');
    assert.ok((full.match(/ l\n/g) ?? []).length >= 4, 'its steps');
    const hidden = await pdfText(tokens.researcher);
    assert.ok(hidden.includes('(Responded at any follow-up: < 11 of 12, - (95% interval - to -)) Tj'), 'withheld for a researcher');
  });

  it('refuses bad parameters by name and changes nothing', async () => {
    const problems = async (query) => (await prescriber('GET', `/api/v1/reports/outcomes?${query}`)).json.errors.map((e) => `${e.field}:${e.rule}`);
    assert.deepEqual(await problems(''), ['instrument:required']);
    assert.deepEqual(await problems('instrument=cadss'), ['instrument:outcome_instrument']);
    assert.deepEqual(await problems('instrument=phq9&baseline_from=2026-13-01'), ['baseline_from:date']);
    assert.deepEqual(await problems('instrument=phq9&baseline_from=2026-05-02&baseline_to=2026-05-01'), ['baseline_from:order']);
    assert.deepEqual(await problems('instrument=phq9&group_by=colour&indication=33&protocol=lsd'), ['indication:icd10_prefix', 'protocol:known_protocol', 'group_by:one_of']);
    assert.deepEqual(await problems('instrument=phq9&measurement_year=26'), ['measurement_year:year']);
    assert.equal((await nurse('GET', '/api/v1/reports/outcomes?instrument=phq9')).status, 403);
  });

  it('shows the researcher the aggregate with every count from 1 to 10 hidden', async () => {
    const r = await researcher('GET', '/api/v1/reports/outcomes?instrument=phq9');
    assert.equal(r.status, 200);
    const j = r.json;
    assert.equal(j.suppressed_small_cells, true);
    assert.equal(j.patients_with_follow_up, 12);
    assert.deepEqual(j.ever_response, { count: '< 11', denominator: 12, rate: null, ci95: [null, null] });
    assert.deepEqual(j.ever_remission.count, '< 11');
    const shown = JSON.stringify(j);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      assert.ok(!new RegExp(`"(count|denominator|at_risk|events|censored|assessed|in_response|observed)":${n}[,}]`).test(shown), `a count of ${n} shown`);
    }
    assert.ok(j.time_to_response.curve.every((p) => !('at_risk' in p)), 'curve points without counts');
    assert.equal((await researcher('GET', '/api/v1/reports/outcomes/patients?instrument=phq9&figure=ever_response')).status, 403);
  });

  it('lists the patients behind a figure for a prescriber, each read audited', async () => {
    const r = await prescriber('GET', '/api/v1/reports/outcomes/patients?instrument=phq9&figure=ever_remission');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((p) => p.id).sort(), patientIds.slice(0, 3).sort());
    assert.ok(r.json.items.every((p) => p.mrn && p.family_name));
    const trail = (await admin('GET', '/api/v1/audit?action=report&limit=100')).json.items;
    const perPatient = trail.filter((e) => e.action === 'report.outcomes.patients');
    assert.deepEqual(perPatient.map((e) => e.patient_id).sort(), patientIds.slice(0, 3).sort());
    const reads = trail.filter((e) => e.action === 'report.outcomes');
    assert.equal(reads.length, 11, "every report answered 200, and only those");
    assert.ok(reads.every((e) => e.patient_id === null), JSON.stringify(reads[0]));
    assert.ok(reads.some((e) => e.username === 'out.research'));
    assert.equal((await nurse('GET', '/api/v1/reports/outcomes/patients?instrument=phq9&figure=ever_response')).status, 403);
    assert.equal((await prescriber('GET', '/api/v1/reports/outcomes/patients?instrument=phq9&figure=everyone')).json.errors[0].field, 'figure');
    // The five who never responded (20 → 15 → 16), the ones a clinic reviews; the seven responders
    // are still in response at their last follow-up (8 or 4).
    const ids = async (figure) => (await prescriber('GET', `/api/v1/reports/outcomes/patients?instrument=phq9&figure=${figure}`)).json.items.map((p) => p.id).sort();
    assert.deepEqual(await ids('no_response'), patientIds.slice(7).sort());
    assert.deepEqual(await ids('last_response'), patientIds.slice(0, 7).sort());
  });

  it('gives the same report on the command line, as JSON or CSV, for a scheduled job', async () => {
    const run = (...args) => spawnSync(BIN, ['report', 'outcomes', ...clinicArgs(dataDir), ...args], { encoding: 'utf8' });
    const api = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9&group_by=indication')).json;
    const json = run('--instrument', 'phq9', '--group-by', 'indication');
    assert.equal(json.status, 0, json.stderr);
    const cli = JSON.parse(json.stdout);
    for (const key of ['ever_response', 'ever_remission', 'last_response', 'time_to_response', 'flow', 'groups', 'log_rank']) {
      assert.deepEqual(cli[key], api[key], key);
    }
    const csv = run('--instrument', 'phq9', '--format', 'csv').stdout.split('\n');
    assert.equal(csv[0], 'section,label,day,count,denominator,at_risk,events,censored,value,ci95_lower,ci95_upper,citation');
    assert.ok(csv.includes(`proportion,ever_response,,7,12,,,,${7 / 12},${api.ever_response.ci95[0]},${api.ever_response.ci95[1]},`), csv.slice(0, 4).join('\n'));
    assert.ok(csv.some((line) => line.startsWith('published,ORKA-1: response (phq9),,,537,,,,53.6,')));
    assert.equal(JSON.parse(run('--instrument', 'phq9', '--measurement-year', '2030').stdout).cms159.measurement_year, 2030);
    const refused = run('--instrument', 'phq9', '--baseline-from', '2026-02-30');
    assert.deepEqual([refused.status, refused.stderr.trim().split('\n').at(-1)], [2, 'error: --baseline-from: baseline_from must be a date, YYYY-MM-DD']);
  });

  it('counts safety across every dosed session: alarms, SBP above 180, adverse events, sedation', async () => {
    const { sessionId } = await checkedInPatient(prescriber, nurse);
    const move = async (to) => assert.equal((await nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to } })).status, 200);
    const checks = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json.pre_checks;
    await nurse('POST', `/api/v1/sessions/${sessionId}/checklist`, { body: { list: 'pre_checks', items: Object.fromEntries(checks.map((c) => [c.id, true])) } });
    const at = new Date().toISOString();
    const preDose = [['sbp', 128, 'mm[Hg]'], ['dbp', 80, 'mm[Hg]'], ['hr', 72, '/min'], ['spo2', 98, '%']].map(([kind, value, unit]) => ({ kind, value, unit, at }));
    await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: preDose } });
    await move('ready');
    await move('dosing');
    await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: [{ kind: 'sbp', value: 186, unit: 'mm[Hg]', at: new Date().toISOString() }] } });
    for (const body of [
      { kind: 'adverse_event', type: 'nausea', severity: 'mild', serious: false },
      { kind: 'adverse_event', type: 'hypertension', severity: 'severe', serious: true },
      { kind: 'sedation', moaas: 3 },
    ]) {
      assert.equal((await nurse('POST', `/api/v1/sessions/${sessionId}/events`, { body })).status, 201);
    }
    const safety = (await admin('GET', '/api/v1/reports/outcomes?instrument=phq9')).json.safety;
    assert.equal(safety.sessions_dosed, 1);
    assert.deepEqual(safety.sessions_sbp_over_180, { count: 1, per_100_sessions: 100 });
    assert.deepEqual(safety.alarms_by_severity.critical, { count: 1, per_100_sessions: 100 });
    assert.deepEqual(safety.adverse_events.map((e) => `${e.type}/${e.severity}:${e.count}`), ['hypertension/severe:1', 'nausea/mild:1']);
    assert.equal(safety.serious_adverse_events.count, 1);
    assert.equal(safety.sedation_scores.find((s) => s.moaas === 3).count, 1);
    const hidden = (await researcher('GET', '/api/v1/reports/outcomes?instrument=phq9')).json.safety;
    assert.deepEqual(hidden.sessions_sbp_over_180, { count: '< 11', per_100_sessions: null });
  });
});
