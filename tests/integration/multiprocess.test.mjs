// Two `plasticity serve` processes on one PostgreSQL database, as behind a load balancer with no
// sticky sessions: what one writes the other reads; a chair booked through both at once is booked
// once; a nurse station on one sees the other's readings and alarms, each alarm raised once even
// when one chair's readings reach both; and kill -9 of one loses nothing it acknowledged while the
// other keeps serving; the outbox is e-mailed by one server, once, and by the other when that one
// dies; a forecast model refitted through one is the model the other quotes; a FHIR bulk export run
// by one is polled, cancelled and downloaded through the other, and failed by it when its server
// dies; a dosing session whose judge died is judged by the survivor's clock alone, and readings
// sent to the other server after a phase change made through it are judged. Runs under
// PLASTICITY_TEST_POSTGRESQL=1 (ctest's multiprocess_postgresql).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addUser, checkedInPatient, client, dosingSession, makeDataDir, openLiveFeed, POSTGRESQL, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';
import { startSmtpServer, waitFor } from '../support/smtp.mjs';
import { treatedCourse, TWELVE_COURSES } from '../support/courses.mjs';
import { assertAbandonedThenNextRuns, exportClinic, runningExport, synthesizeClinic } from '../support/exports.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const hl7 = require('simple-hl7');

assert.ok(POSTGRESQL, 'two servers share a PostgreSQL database: run with PLASTICITY_TEST_POSTGRESQL=1 under pg_virtualenv');

let dataDir, first, second, mllpPort;
const people = {};  // role → { on: [client of first, client of second], token: [..] }

const hl7Time = (date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
let sequence = 0;
const systolic = (mrn, value, at) => [
  `MSH|^~\\&|MONITOR-5|CLINIC|PLASTICITY|CLINIC|${hl7Time(new Date())}||ORU^R01|MP${++sequence}|P|2.6`,
  `PID|||${mrn}^^^CLINIC^MR`,
  'PV1||O|KETAMINE^ROOM1^CHAIR5',
  `OBR|1|||VITALS|||${hl7Time(at)}`,
  `OBX|1|NM|8480-6^SBP^LN||${value}|mm[Hg]|||||F|||${hl7Time(at)}||||MON-5`,
].join('\r');

// What another server learns by announcement arrives a moment later: `attempt(i)` is made again,
// `pauseMs` apart, until `done` holds of its result or `tries` are spent; resolves with the last.
async function retried(attempt, done, { tries = 50, pauseMs = 100 } = {}) {
  let result;
  for (let i = 0; i < tries; i++) {
    if (i) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    result = await attempt(i);
    if (done(result)) break;
  }
  return result;
}

function sendHl7(text) {
  const connection = hl7.Server.createTcpClient({ host: '127.0.0.1', port: mllpPort });
  return new Promise((resolve, reject) => connection.send(text, (error, ack) => {
    connection.close();
    return error ? reject(error) : resolve(ack.getSegment('MSA').getField(1));
  }));
}

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['m.prescriber', 'prescriber'], ['m.nurse', 'nurse'], ['m.desk', 'front_desk'], ['m.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  first = await startServer(dataDir, ['--mllp', '127.0.0.1:0']);
  mllpPort = Number(first.stdout().match(/MLLP\) listening on 127\.0\.0\.1:(\d+)/)[1]);
  second = await startServer(dataDir);
  for (const [name, role] of [['m.prescriber', 'prescriber'], ['m.nurse', 'nurse'], ['m.desk', 'front_desk'], ['m.admin', 'admin']]) {
    // One sign-in, used on both servers: staff sessions live in the database.
    const token = await signIn(first.url, name);
    people[role] = { token, on: [client(first.url, token), client(second.url, token)] };
  }
  // The clinic's chairs, so that a session books its chair in the calendar (and may collide).
  for (const [id, name] of [['chair-5', 'Chair 5'], ['chair-7', 'Chair 7'], ['chair-9', 'Chair 9']]) {
    assert.equal((await people.admin.on[1]('POST', '/api/v1/resources', { body: { id, kind: 'chair', name } })).status, 201);
  }
});

after(async () => {
  await stopAllServers();
  removeDataDir(dataDir);
});

describe('two servers on one PostgreSQL database', () => {
  it('reads through one what was written through the other, with one sign-in', async () => {
    const [viaFirst, viaSecond] = people.front_desk.on;
    const created = await viaFirst('POST', '/api/v1/patients', { body: validPatient({ given_name: 'Shared' }) });
    assert.equal(created.status, 201, created.text);
    const read = await viaSecond('GET', `/api/v1/patients/${created.json.id}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.given_name, 'Shared');
    assert.equal(read.json.mrn, created.json.mrn);
  });

  it('books a chair once when two desks book it through both servers at once', async () => {
    const [viaFirst, viaSecond] = people.prescriber.on;
    const patients = [];
    for (let i = 0; i < 2; i++) patients.push((await viaFirst('POST', '/api/v1/patients', { body: validPatient() })).json.id);
    const at = new Date(Date.now() + 3 * 3600_000).toISOString();
    const book = (api, patientId) => api('POST', '/api/v1/sessions', {
      body: { patient_id: patientId, protocol: 'esketamine_nasal', scheduled_at: at, chair: 'Chair 9', dose_mg: 56 },
    });
    const answers = await Promise.all([book(viaFirst, patients[0]), book(viaSecond, patients[1])]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409], answers.map((a) => a.text).join('\n'));
    const refusal = answers.find((a) => a.status === 409);
    assert.equal(refusal.json.errors[0].rule, 'chair_double_booked');
  });

  it('shows HL7 vitals sent to one on a nurse station of the other, and raises their alarm once', async () => {
    const [prescriberFirst] = people.prescriber.on;
    const [nurseFirst, nurseSecond] = people.nurse.on;
    const { mrn, sessionId } = await checkedInPatient(prescriberFirst, nurseFirst);
    const station = openLiveFeed(second.url, people.nurse.token);
    await station.opened;
    const now = Date.now();
    const manualSbp = (value, at) => nurseSecond('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'sbp', value, unit: 'mm[Hg]', at: new Date(at).toISOString() }] },
    });
    // One chair's readings reach both servers: a manual entry through the second, the monitor's
    // HL7 through the first. Each server has then judged, or heard, the session before its alarm.
    assert.equal((await manualSbp(120, now - 3000)).status, 200);
    assert.equal(await sendHl7(systolic(mrn, 186, new Date(now - 2000))), 'AA');
    const frame = await station.next((m) => m.type === 'vitals' && m.session_id === sessionId && m.readings[0].value !== 120);
    assert.deepEqual(frame.readings.map((r) => [r.kind, r.value, r.device_id]), [['sbp', 186, 'MON-5']]);
    await station.next((m) => m.type === 'alarm' && m.session_id === sessionId && m.alarm.rule_id === 'sbp_critical_high');
    assert.equal((await manualSbp(190, now - 1000)).status, 200);
    assert.equal(await sendHl7(systolic(mrn, 188, new Date(now))), 'AA');
    await station.next((m) => m.type === 'vitals' && m.readings.some((r) => r.value === 188));
    await new Promise((resolve) => setTimeout(resolve, 1500));  // a second judge would have spoken by now
    station.ws.close();
    const alarms = (await nurseSecond('GET', `/api/v1/sessions/${sessionId}`)).json.alarms
      .filter((a) => a.rule_id === 'sbp_critical_high');
    assert.equal(alarms.length, 1, JSON.stringify(alarms));
    const alarmFrames = station.messages.filter((m) => m.type === 'alarm' && m.session_id === sessionId &&
      m.alarm.rule_id === 'sbp_critical_high');
    assert.deepEqual([...new Set(alarmFrames.map((m) => m.alarm.id))], [alarms[0].id], 'one alarm on the station');
    assert.equal(alarmFrames.filter((m) => m.alarm.condition_ended_at === null).length, 1, 'raised once');
  });

  it('puts a settings save through one in use on the other', async () => {
    const [viaFirst, viaSecond] = people.admin.on;
    const crisis = 'If you feel unsafe, call 988 now (saved through the first server).';
    const saved = await viaFirst('PUT', '/api/v1/settings', { body: { crisis_text: crisis, time_zone: 'Europe/Berlin' } });
    assert.equal(saved.status, 200, saved.text);
    const seen = await retried(async () => (await viaSecond('GET', '/api/v1/settings')).json,
      (settings) => settings.crisis_text === crisis);
    assert.equal(seen.crisis_text, crisis);
    assert.equal(seen.time_zone, 'Europe/Berlin');
  });

  it('stops matching HL7 to an MRN changed through the other server', async () => {
    const [prescriberFirst] = people.prescriber.on;
    const [nurseFirst, nurseSecond] = people.nurse.on;
    const { mrn, patientId } = await checkedInPatient(prescriberFirst, nurseFirst, { chair: 'Chair 9' });
    const at = Date.now() - 60_000;
    assert.equal(await sendHl7(systolic(mrn, 130, new Date(at))), 'AA');  // cached by the first server
    const chart = (await nurseSecond('GET', `/api/v1/patients/${patientId}`)).json;
    const renamed = await nurseSecond('PATCH', `/api/v1/patients/${patientId}`, {
      body: { mrn: `${mrn}-X`, reason: 'MRN typo' }, headers: { 'if-match': `"${chart.version}"` },
    });
    assert.equal(renamed.status, 200, renamed.text);
    const answer = await retried((i) => sendHl7(systolic(mrn, 131 + i, new Date(at + 1000 * (i + 1)))),
      (ack) => ack === 'AE');
    assert.equal(answer, 'AE', 'the old MRN names no one now, on the first server too');
    assert.equal(await sendHl7(systolic(`${mrn}-X`, 129, new Date(at + 100_000))), 'AA');
  });

  it('loses nothing acknowledged when one is killed mid-write, and the other keeps serving and judging', async () => {
    const [viaFirst, viaSecond] = people.front_desk.on;
    // A session the first server judges: its first reading went there.
    const [prescriberFirst] = people.prescriber.on;
    const [nurseFirst, nurseSecond] = people.nurse.on;
    const { sessionId } = await checkedInPatient(prescriberFirst, nurseFirst, { chair: 'Chair 7' });
    const sbp = (api, value, at) => api('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'sbp', value, unit: 'mm[Hg]', at: new Date(at).toISOString() }] },
    });
    const start = Date.now() - 30_000;
    assert.equal((await sbp(nurseFirst, 122, start)).status, 200);
    const acknowledged = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        try {
          const response = await viaFirst('POST', '/api/v1/patients', { body: validPatient({ given_name: `Kill${i}` }) });
          if (response.status === 201) acknowledged.push(response.json);
        } catch {
          return;  // the connection died with the server
        }
      }
    })();
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const exit = await first.kill9();
    writing = false;
    await writer;
    assert.equal(exit.signal, 'SIGKILL');
    for (const patient of acknowledged) {
      const read = await viaSecond('GET', `/api/v1/patients/${patient.id}`);
      assert.equal(read.status, 200, `${patient.given_name}, acknowledged by the killed server, is kept`);
      assert.equal(read.json.mrn, patient.mrn);
    }
    const after = await viaSecond('POST', '/api/v1/patients', { body: validPatient({ given_name: 'After' }) });
    assert.equal(after.status, 201, after.text);
    // The dead server's duty to judge the session passes to the survivor (its lock ended with its
    // connection; a duty found taken is asked again after a second).
    const alarms = await retried(async (i) => {
      assert.equal((await sbp(nurseSecond, 190 + i, start + 1000 * (i + 1))).status, 200);
      return (await nurseSecond('GET', `/api/v1/sessions/${sessionId}`)).json.alarms.filter((a) => a.rule_id === 'sbp_critical_high');
    }, (found) => found.length > 0, { tries: 20, pauseMs: 250 });
    assert.equal(alarms.length, 1, 'the survivor judges the dead server\'s session');
  });
});

describe('the outbox of two servers on one PostgreSQL database', () => {
  let clinic, smtp, servers, desk, prescriber;
  before(async () => {
    clinic = makeDataDir();
    // The clinic's mail relay, a real SMTP server, named in the data directory both servers read;
    // down at first (stopped), so that each server's attempts show in its log.
    const relay = await startSmtpServer();
    writeFileSync(join(clinic, 'smtp.json'), relay.smtpJson());
    relay.stop();
    smtp = { port: relay.port };
    for (const [name, role] of [['o.desk', 'front_desk'], ['o.prescriber', 'prescriber'], ['o.admin', 'admin']]) {
      assert.equal(addUser(clinic, name, role).status, 0);
    }
    servers = [await startServer(clinic, ['--outbox-every-seconds', '1']), await startServer(clinic, ['--outbox-every-seconds', '1'])];
    desk = client(servers[1].url, await signIn(servers[1].url, 'o.desk'));
    prescriber = client(servers[1].url, await signIn(servers[1].url, 'o.prescriber'));
    const admin = client(servers[1].url, await signIn(servers[1].url, 'o.admin'));
    assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-1', kind: 'chair', name: 'Chair 1' } })).status, 201);
  });
  after(() => {
    smtp?.stop?.();
    removeDataDir(clinic);
  });

  // Books an infusion about a day ahead for a new patient with an address: its two instructions
  // (48 h and 24 h before) are due at once.
  async function bookWithInstructions(hoursAhead) {
    const patient = await desk('POST', '/api/v1/patients', { body: validPatient({ email: `o${hoursAhead}@example.org` }) });
    assert.equal(patient.status, 201, patient.text);
    const booked = await prescriber('POST', '/api/v1/sessions', {
      body: { patient_id: patient.json.id, protocol: 'iv_ketamine', scheduled_at: new Date(Date.now() + hoursAhead * 3600e3).toISOString(), chair: 'Chair 1', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 10 },
    });
    assert.equal(booked.status, 201, booked.text);
  }
  const logged = (pattern) => servers.filter((s) => pattern.test(s.stdout() + s.stderr()));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  it('e-mails each message once, from one server, and from the other once that one is killed', async () => {
    await bookWithInstructions(20);
    // The relay is down: one server tries every round (and says so), the other never.
    await pause(3500);
    const [holder, ...others] = logged(/e-mail for outbox message \S+ failed/);
    assert.ok(holder, 'a server tried to e-mail the outbox');
    assert.equal(others.length, 0, 'one server e-mails the outbox');
    const survivor = servers.find((s) => s !== holder);

    // The relay is back: the same server sends both, once.
    smtp = await startSmtpServer({ port: smtp.port });
    await waitFor(() => smtp.mails().length >= 2, 'two e-mails');
    await pause(3500);
    assert.equal(smtp.mails().length, 2);
    assert.deepEqual(logged(/outbox: \d+ e-mailed/), [holder]);

    // Its server killed, the other takes the outbox over.
    await holder.kill9();
    await bookWithInstructions(23);
    await waitFor(() => smtp.mails().length >= 4, 'the next two e-mails, from the other server');
    await pause(2500);
    assert.equal(smtp.mails().length, 4);
    assert.deepEqual(logged(/outbox: \d+ e-mailed/), [holder, survivor]);
  });
});

describe('the forecast model of two servers on one PostgreSQL database', () => {
  let clinic;
  after(() => removeDataDir(clinic));

  it('quotes on the other server the model refitted through one', async () => {
    clinic = makeDataDir();
    // The clinic model from 10 ended courses (the clinic's own evidence file lowers the threshold).
    const shipped = JSON.parse(readFileSync(new URL('../../src/outcomes/definitions/forecast_evidence.json', import.meta.url)));
    mkdirSync(join(clinic, 'outcomes'));
    writeFileSync(join(clinic, 'outcomes', 'forecast_evidence.json'), JSON.stringify({ ...shipped, min_training_courses: 10 }));
    for (const [name, role] of [['r.md', 'prescriber'], ['r.rn', 'nurse'], ['r.admin', 'admin']]) {
      assert.equal(addUser(clinic, name, role).status, 0);
    }
    const servers = [await startServer(clinic), await startServer(clinic)];
    const on = async (server, name) => client(server.url, await signIn(server.url, name));
    const [prescriber, nurse, admin] = [await on(servers[0], 'r.md'), await on(servers[0], 'r.rn'), await on(servers[0], 'r.admin')];
    const elsewhere = await on(servers[1], 'r.md');
    const report = async (as) => (await as('GET', '/api/v1/reports/forecast?instrument=phq9')).json;
    // Each server fits once, with nothing to fit yet, and keeps that until a refit.
    assert.equal((await report(prescriber)).model, null);
    assert.equal((await report(elsewhere)).model, null);
    // The first ten of the forecast tests' courses: six respond.
    const courses = TWELVE_COURSES.slice(0, 10);
    for (const [i, totals] of courses.entries()) {
      assert.equal((await admin('POST', '/api/v1/resources', { body: { id: `chair-${i}`, kind: 'chair', name: `Chair ${i}` } })).status, 201);
      await treatedCourse({ prescriber, nurse }, { totals, resource_id: `chair-${i}` });
    }
    assert.equal((await report(elsewhere)).model, null, 'kept until refitted');

    const refit = await admin('POST', '/api/v1/reports/forecast/refit?instrument=phq9');
    assert.equal(refit.status, 200, refit.text);
    assert.equal(refit.json.model?.training_courses, 10, refit.json.reason);
    const quoted = await retried(() => report(elsewhere), (r) => r.model !== null);
    assert.deepEqual(quoted.model, refit.json.model);
    await Promise.all(servers.map((s) => s.stop()));
  });
});

describe('the FHIR bulk exports of two servers on one PostgreSQL database', () => {
  let clinic;
  after(() => removeDataDir(clinic));

  it('polls, cancels and downloads an export through the server that does not run it, and fails one whose server died', async () => {
    clinic = makeDataDir();
    synthesizeClinic(clinic, 300);
    assert.equal(addUser(clinic, 'x.admin', 'admin').status, 0);
    const servers = [await startServer(clinic), await startServer(clinic)];
    const token = await signIn(servers[0].url, 'x.admin');
    const [one, other] = servers.map((server) => client(server.url, token));
    const pollPath = (started) => new URL(started.headers.get('content-location')).pathname;

    // Run by one, seen under way by the other, which starts no second export meanwhile.
    const cancelled = await exportClinic(one);
    assert.equal(cancelled.status, 202, cancelled.text);
    await runningExport(other, pollPath(cancelled));
    assert.equal((await exportClinic(other)).status, 429);
    // Cancelled through the other: the one running it stops.
    assert.equal((await other('DELETE', pollPath(cancelled))).status, 202);
    assert.equal((await one('GET', pollPath(cancelled))).status, 404);
    await retried(() => servers[0].stdout() + servers[0].stderr(), (log) => /bulk export \S+ stopped: it was cancelled/.test(log), { tries: 200 });
    assert.match(servers[0].stdout() + servers[0].stderr(), /bulk export \S+ stopped: it was cancelled/);

    // Run by the other to the end: its manifest and files served by the one.
    const finished = await exportClinic(other);
    assert.equal(finished.status, 202, finished.text);
    const done = await retried(() => one('GET', pollPath(finished)), (r) => r.status !== 202, { tries: 600, pauseMs: 100 });
    assert.equal(done.status, 200, done.text);
    const patients = done.json.output.filter((o) => o.type === 'Patient');
    assert.deepEqual(patients.map((o) => o.count), [300]);
    const file = await one('GET', new URL(patients[0].url).pathname);
    assert.equal(file.status, 200);
    assert.equal(new Set(file.text.trimEnd().split('\n').map((line) => JSON.parse(line).id)).size, 300);
    const observations = done.json.output.filter((o) => o.type === 'Observation');
    assert.ok(observations.length > 1, 'the Observations fill more than one file');
    const last = await one('GET', new URL(observations.at(-1).url).pathname);
    assert.equal(last.text.trimEnd().split('\n').length, observations.at(-1).count);

    // Its server killed mid-export: the other reports it failed, then runs the next.
    const orphaned = await exportClinic(one);
    assert.equal(orphaned.status, 202, orphaned.text);
    await runningExport(other, pollPath(orphaned));
    await servers[0].kill9();
    await assertAbandonedThenNextRuns(other, await retried(() => other('GET', pollPath(orphaned)), (r) => r.status !== 202));
    await servers[1].stop();
  });
});

describe('one judge a session, on two servers on one PostgreSQL database', () => {
  let clinic;
  before(() => {
    clinic = makeDataDir();
    // The clinic's own alarm rules: SpO2 missing after 6 s (the shipped rule waits 2 minutes), and
    // the shipped critical systolic pressure.
    mkdirSync(join(clinic, 'protocols'));
    writeFileSync(join(clinic, 'protocols', 'alarm_rules.json'), JSON.stringify({ rules: [
      { id: 'spo2_missing', kind: 'spo2', test: 'no_reading', threshold: 0.1, severity: 'warning', source: 'test clinic: 6 s' },
      { id: 'sbp_critical_high', kind: 'sbp', test: 'above', threshold: 180, severity: 'critical', source: 'test clinic' },
    ] }));
    for (const [name, role] of [['j.md', 'prescriber'], ['j.rn', 'nurse'], ['j.admin', 'admin']]) {
      assert.equal(addUser(clinic, name, role).status, 0);
    }
  });
  after(() => removeDataDir(clinic));

  // The first server alone takes the session's judging (its first reading, and its tick, claim
  // it); then the other starts. Resolves with both servers, the session and its monitor's client.
  async function judgedByTheFirst(chair) {
    const judge = await startServer(clinic);
    const on = async (name) => client(judge.url, await signIn(judge.url, name));
    const [prescriber, nurse, admin] = [await on('j.md'), await on('j.rn'), await on('j.admin')];
    const patient = await prescriber('POST', '/api/v1/patients', { body: validPatient() });
    assert.equal(patient.status, 201, patient.text);
    const { sessionId, monitor, monitorToken } = await dosingSession(judge.url, { prescriber, nurse, admin }, { query: patient.json.mrn, chair, device: `${chair}-monitor` });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const other = await startServer(clinic);
    const nurseThere = client(other.url, await signIn(other.url, 'j.rn'));
    const alarms = async (rule) => (await nurseThere('GET', `/api/v1/sessions/${sessionId}`)).json.alarms.filter((a) => a.rule_id === rule);
    return { judge, other, sessionId, monitor, monitorToken, nurseThere, alarms };
  }

  it('judges readings sent to the other server after a phase change made through it', async () => {
    const { judge, other, sessionId, monitorToken, nurseThere, alarms } = await judgedByTheFirst('Chair 2');
    // Recovery through the other server: the judge hears of it and reads the session afresh.
    const moved = await nurseThere('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to: 'recovery', reason: 'hypertensive response', dose_given_mg: 20 } });
    assert.equal(moved.status, 200, moved.text);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The monitor's readings now reach the other server only: it stores them and tells the judge.
    const atOther = client(other.url, monitorToken);
    assert.equal((await atOther('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'sbp', value: 192, unit: 'mm[Hg]', at: new Date().toISOString() }] },
    })).status, 200);
    const raised = await retried(() => alarms('sbp_critical_high'), (found) => found.length > 0, { tries: 30, pauseMs: 100 });
    assert.equal(raised.length, 1, 'the judge judged the reading it heard after the change');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await alarms('sbp_critical_high')).length, 1, 'raised once');
    await Promise.all([judge.stop(), other.stop()]);
  });

  it('has the survivor raise a missing-data alarm of a session whose judge died, with no reading to wake it', async () => {
    const { judge, other: survivor, sessionId, monitor, alarms } = await judgedByTheFirst('Chair 1');
    const missing = () => alarms('spo2_missing');
    const spo2 = async () => assert.equal((await monitor('POST', `/api/v1/sessions/${sessionId}/vitals`, {
      body: { readings: [{ kind: 'spo2', value: 98, unit: '%', at: new Date().toISOString() }] },
    })).status, 200);
    // The last reading, then the judge dies: nothing but the survivor's clock can notice the gap.
    await spo2();
    const lastReading = Date.now();
    await judge.kill9();
    assert.deepEqual(await missing(), []);
    const raised = await retried(missing, (found) => found.length > 0, { tries: 60, pauseMs: 250 });
    assert.equal(raised.length, 1, 'the survivor raised it');
    assert.ok(Date.parse(raised[0].raised_at) >= lastReading + 5000, `raised at ${raised[0].raised_at}, after the 6 s gap`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal((await missing()).length, 1, 'raised once');
    await survivor.stop();
  });
});
