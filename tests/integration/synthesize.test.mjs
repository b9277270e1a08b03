// `plasticity synthesize`: a synthetic clinic written through the store in bulk says what it made
// on its last line, makes the same clinic for the same seed, adds nothing when run again, and is
// read through the API as any clinic is: search, a patient's sessions with vitals and alarms,
// the calendar, the audit trail of a patient, and the outcome report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { addUser, BIN, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, clinicArgs } from '../support/server.mjs';

const ARGS = ['--patients', '40', '--years', '1', '--chairs', '4', '--vitals-every-seconds', '120', '--seed', '11'];
const synthesize = (dir, args = ARGS) => spawnSync(BIN, ['synthesize', ...clinicArgs(dir), ...args], { encoding: 'utf8' });
const summaryOf = (run) => JSON.parse(run.stdout.trim().split('\n').at(-1));

let first, second;

before(() => {
  first = makeDataDir();
  second = makeDataDir();
});
after(async () => {
  await stopAllServers();
  removeDataDir(first);
  removeDataDir(second);
});

describe('plasticity synthesize', () => {
  let made;

  it('makes a clinic and says what it made, with progress on standard error', () => {
    const run = synthesize(first);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /patients 40\/40, sessions \d+/);
    made = summaryOf(run);
    assert.equal(made.patients, 40);
    // Six to twelve sessions a course (fewer for courses the year's end cuts short), a PHQ-9
    // before each, readings every two minutes over about two hours.
    assert.ok(made.sessions > 40 * 3 && made.sessions < 40 * 25, JSON.stringify(made));
    assert.ok(made.assessments >= made.sessions, JSON.stringify(made));
    assert.ok(made.vital_readings > made.sessions * 100, JSON.stringify(made));
    assert.equal(made.appointments, made.sessions);
    // A screening and a plan for each course that began before the year's end.
    assert.ok(made.screenings > 30 && made.screenings <= 40, JSON.stringify(made));
    assert.equal(made.plans, made.screenings);
    assert.ok(made.audit_rows > made.sessions * 10, JSON.stringify(made));
    assert.ok(made.alarms > 0 && made.adverse_events > 0, JSON.stringify(made));
  });

  it('makes the same clinic for the same seed, and another for another seed', () => {
    const again = synthesize(second);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(summaryOf(again), made);
    const other = makeDataDir();
    const otherRun = synthesize(other, ARGS.map((a) => (a === '11' ? '12' : a)));
    removeDataDir(other);
    assert.equal(otherRun.status, 0, otherRun.stderr);
    assert.notDeepEqual(summaryOf(otherRun), { ...made, seed: 12 });
  });

  it('adds nothing when run again on the same clinic', () => {
    const run = synthesize(first);
    assert.equal(run.status, 0, run.stderr);
    const summary = summaryOf(run);
    assert.equal(summary.patients, 0);
    assert.equal(summary.sessions, 0);
    assert.equal(summary.assessments, 0);
  });

  it('refuses a bad flag by name, before it writes anything', () => {
    const dir = makeDataDir();
    const run = synthesize(dir, ['--patients', '0']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /--patients/);
    removeDataDir(dir);
  });

  it('is read through the API as any clinic', async () => {
    for (const [dir, name] of [[first, 'y.admin'], [second, 'y.admin']]) {
      assert.equal(addUser(dir, name, 'admin').status, 0);
      assert.equal(addUser(dir, 'y.md', 'prescriber').status, 0);
    }
    const servers = [await startServer(first), await startServer(second)];
    const [admin, md, otherMd] = [
      client(servers[0].url, await signIn(servers[0].url, 'y.admin')),
      client(servers[0].url, await signIn(servers[0].url, 'y.md')),
      client(servers[1].url, await signIn(servers[1].url, 'y.md')),
    ];

    const found = await md('GET', '/api/v1/patients?query=SYN-000007');
    assert.equal(found.status, 200);
    assert.equal(found.json.items.length, 1);
    const patient = found.json.items[0];
    // The same seed, the same person (ids differ: they are random).
    const twin = (await otherMd('GET', '/api/v1/patients?query=SYN-000007')).json.items[0];
    assert.deepEqual([twin.given_name, twin.family_name, twin.birth_date], [patient.given_name, patient.family_name, patient.birth_date]);

    const sessions = (await md('GET', `/api/v1/patients/${patient.id}/sessions`)).json.items;
    assert.ok(sessions.length > 0);
    const dosed = sessions.find((s) => s.phase === 'discharged');
    assert.ok(dosed, JSON.stringify(sessions.map((s) => s.phase)));
    const vitals = (await md('GET', `/api/v1/sessions/${dosed.id}/vitals`)).json;
    const readings = vitals.items ?? vitals.readings ?? vitals;
    assert.ok(readings.length > 100, `readings: ${readings.length}`);

    const assessments = (await md('GET', `/api/v1/patients/${patient.id}/assessments?instrument=phq9`)).json.items;
    assert.equal(assessments.length, sessions.length);
    for (const a of assessments) assert.ok(a.total >= 0 && a.total <= 27, JSON.stringify(a));

    // Screened by the clinic's rules and signed off; a confirmed plan whose induction sessions
    // are its appointments, in order.
    const screenings = (await md('GET', `/api/v1/patients/${patient.id}/screenings`)).json.items;
    assert.equal(screenings.length, 1);
    assert.equal(screenings[0].status, 'approved');
    assert.notEqual(screenings[0].eligibility, 'not_eligible');
    assert.ok(screenings[0].intake.weight_kg > 0, JSON.stringify(screenings[0].intake));
    const plans = (await md('GET', `/api/v1/patients/${patient.id}/plans`)).json.items;
    assert.equal(plans.length, 1);
    const plan = (await md('GET', `/api/v1/plans/${plans[0].id}`)).json;
    assert.ok(plan.confirmed_at, JSON.stringify(plan));
    assert.equal(plan.plan.screening_id, screenings[0].id);
    assert.equal(plan.plan.protocol, screenings[0].protocol);
    const induction = plan.plan.induction.reduce((n, p) => n + p.sessions, 0);
    assert.equal(plan.appointments.length, Math.min(induction, sessions.length));
    assert.deepEqual(plan.appointments.map((a) => a.plan_sequence), plan.appointments.map((_, i) => i + 1));

    const audit = await admin('GET', `/api/v1/audit?patient_id=${patient.id}&limit=500`);
    assert.equal(audit.status, 200);
    const actions = new Set(audit.json.items.map((e) => e.action));
    for (const action of ['patient.create', 'screening.sign_off', 'plan.confirm', 'session.transition', 'vitals.record', 'assessment.create', 'appointment.book']) {
      assert.ok(actions.has(action), `${action} in ${[...actions]}`);
    }

    const report = await md('GET', '/api/v1/reports/outcomes?instrument=phq9');
    assert.equal(report.status, 200, report.text);
    assert.ok(JSON.stringify(report.json).includes('"response"'), 'the report has response figures');
  });
});
