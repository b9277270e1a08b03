// From referral to course over HTTP: eligibility screening and sign-off, a treatment plan that
// proposes its sessions, confirming them (sessions, doses, patient instructions), the schedule's
// conflicts, moving and cancelling, the iCalendar feed (read back with ical.js), the outbox, the
// futility review, and KAP therapy notes that the front desk cannot read.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { clearIntake, walkSession } from '../support/courses.mjs';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const ICAL = require('ical.js');

let dataDir, server, prescriber, nurse, therapist, frontDesk, admin;
const staffIds = {};

// A Monday at least a week ahead (the clinic's calendar date, America/New_York by default).
function nextMonday(weeksAhead = 1) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeksAhead + ((8 - d.getUTCDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}
const addDays = (date, days) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const hours = (iso, h) => new Date(Date.parse(iso) + h * 3600e3).toISOString();

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['p.prescriber', 'prescriber'], ['p.nurse', 'nurse'], ['p.therapist', 'therapist'], ['p.desk', 'front_desk'], ['p.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir);
  prescriber = client(server.url, await signIn(server.url, 'p.prescriber'));
  nurse = client(server.url, await signIn(server.url, 'p.nurse'));
  therapist = client(server.url, await signIn(server.url, 'p.therapist'));
  frontDesk = client(server.url, await signIn(server.url, 'p.desk'));
  admin = client(server.url, await signIn(server.url, 'p.admin'));
  for (const [id, kind, name] of [['chair-1', 'chair', 'Chair 1'], ['chair-2', 'chair', 'Chair 2'], ['room-a', 'room', 'Room A']]) {
    assert.equal((await admin('POST', '/api/v1/resources', { body: { id, kind, name } })).status, 201);
  }
  for (const staff of (await admin('GET', '/api/v1/rota')).json.items) staffIds[staff.username] = staff.staff_id;
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));
  for (const name of ['p.prescriber', 'p.nurse', 'p.therapist']) {
    const set = await frontDesk('PUT', `/api/v1/staff/${staffIds[name]}/hours`, { body: { hours: weekdays } });
    assert.equal(set.status, 200, set.text);
  }
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const newPatient = async (overrides = {}) => (await frontDesk('POST', '/api/v1/patients', { body: validPatient(overrides) })).json.id;

const screen = (patientId, intake, protocol = 'iv_ketamine', as = nurse) =>
  as('POST', `/api/v1/patients/${patientId}/screenings`, { body: { protocol, intake } });
const approvedScreening = async (patientId, protocol = 'iv_ketamine') => {
  const screening = (await screen(patientId, clearIntake(), protocol)).json;
  const signed = await prescriber('POST', `/api/v1/screenings/${screening.id}/sign-off`, { body: { decision: 'approve' } });
  assert.equal(signed.status, 200, signed.text);
  return screening.id;
};
const ivPlan = (screeningId, overrides = {}) => ({
  screening_id: screeningId, indication: 'trd', protocol: 'iv_ketamine', dose_mg_per_kg: 0.5,
  concentration_mg_per_ml: 10, course: 'iv_6_twice_weekly', first_date: nextMonday(), start_time: '09:00',
  resource_id: 'chair-1', staff_ids: [staffIds['p.nurse']],
  measurements: [{ instrument: 'phq9', when: 'before_every_session' }, { instrument: 'gad7', when: 'before_every_session' }],
  ...overrides,
});

describe('eligibility screening', () => {
  it('names every unanswered question and takes the age from the chart', async () => {
    const patientId = await newPatient();
    const incomplete = await screen(patientId, { psychosis_current: 'no', age_years: 30 });
    assert.equal(incomplete.status, 400);
    const fields = incomplete.json.errors.map((e) => `${e.field}:${e.rule}`);
    assert.ok(fields.includes('intake/psychosis_current:valid_answer'));
    assert.ok(fields.includes('intake/age_years:derived'));
    assert.ok(fields.includes('intake/lactating:required'));
    assert.ok(fields.includes('intake/baseline_sbp:required'));
    assert.equal((await prescriber('GET', `/api/v1/patients/${patientId}/screenings`)).json.items.length, 0, 'nothing stored');

    const clear = await screen(patientId, clearIntake());
    assert.equal(clear.status, 201, clear.text);
    assert.equal(clear.json.eligibility, 'eligible');
    assert.deepEqual(clear.json.fired, []);
    assert.ok(clear.json.intake.age_years >= 45);
    assert.equal(clear.json.status, 'awaiting_sign_off');
    const questions = (await nurse('GET', '/api/v1/screening/questions')).json;
    assert.ok(questions.questions.some((q) => q.id === 'benzodiazepine_lorazepam_mg_per_day' && q.unit === 'mg/d'));
    assert.ok(questions.rules.every((r) => r.source.length > 0));
  });

  it('lists every fired rule with its source; relative ones need an override with a reason', async () => {
    const patientId = await newPatient();
    const screening = (await screen(patientId, clearIntake({ hypertension: 'uncontrolled', lactating: true, ptsd: true }))).json;
    assert.equal(screening.eligibility, 'needs_review');
    assert.deepEqual(screening.fired.map((r) => `${r.kind}:${r.id}`), ['relative:breastfeeding', 'relative:uncontrolled_hypertension', 'caution:ptsd_distress']);
    assert.match(screening.fired[1].source, /PMC10812090/);

    const path = `/api/v1/screenings/${screening.id}/sign-off`;
    assert.equal((await nurse('POST', path, { body: { decision: 'approve' } })).status, 403, 'a nurse does not sign off');
    let refused = await prescriber('POST', path, { body: { decision: 'approve', overrides: [{ rule_id: 'breastfeeding', reason: 'stopping breastfeeding for the course' }] } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.json.errors.map((e) => e.rule), ['relative_overridden']);
    refused = await prescriber('POST', path, { body: { decision: 'approve', overrides: [{ rule_id: 'ptsd_distress', reason: 'x' }] } });
    assert.ok(refused.json.errors.some((e) => e.rule === 'relative_only'));
    const approved = await prescriber('POST', path, {
      body: {
        decision: 'approve', note: 'cardiology letter on file',
        overrides: [{ rule_id: 'breastfeeding', reason: 'stopping breastfeeding for the course' }, { rule_id: 'uncontrolled_hypertension', reason: 'now 138/86 on amlodipine' }],
      },
    });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.json.status, 'approved');
    assert.equal(approved.json.signed_by, 'p.prescriber');
    assert.equal(approved.json.overrides.length, 2);
    assert.equal((await prescriber('POST', path, { body: { decision: 'decline' } })).status, 409, 'signed once');
  });

  it('never approves an absolute contraindication, and a newer intake supersedes the old', async () => {
    const patientId = await newPatient();
    const pregnant = (await screen(patientId, clearIntake({ pregnancy_status: 'pregnant' }), 'esketamine_nasal')).json;
    assert.equal(pregnant.eligibility, 'not_eligible');
    const path = `/api/v1/screenings/${pregnant.id}/sign-off`;
    const refused = await prescriber('POST', path, { body: { decision: 'approve', overrides: [{ rule_id: 'pregnant', reason: 'insists' }] } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.json.errors.map((e) => e.rule).sort(), ['no_absolute_contraindication', 'not_absolute']);
    const newer = (await screen(patientId, clearIntake({ pregnancy_status: 'not_pregnant' }), 'esketamine_nasal')).json;
    assert.equal(newer.eligibility, 'eligible');
    assert.equal((await prescriber('POST', path, { body: { decision: 'decline' } })).json.type, 'urn:plasticity:problem:screening-superseded');
    assert.equal((await frontDesk('POST', `/api/v1/patients/${patientId}/screenings`, { body: {} })).status, 403);
    assert.equal((await frontDesk('GET', `/api/v1/patients/${patientId}/screenings`)).status, 403);
  });
});

describe('treatment plans and the calendar', () => {
  let patientId, plan;

  it('proposes six infusions twice weekly from an approved screening', async () => {
    patientId = await newPatient();
    const unsigned = (await screen(patientId, clearIntake())).json;
    const refused = await prescriber('POST', `/api/v1/patients/${patientId}/plans`, { body: ivPlan(unsigned.id) });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.errors[0].field, 'screening_id');
    assert.match(refused.json.errors[0].message, /not approved/);

    const screeningId = await approvedScreening(patientId);
    const badDose = await prescriber('POST', `/api/v1/patients/${patientId}/plans`, { body: ivPlan(screeningId, { dose_mg_per_kg: 1.5, measurements: [{ instrument: 'bdi', when: 'weekly' }] }) });
    assert.deepEqual(badDose.json.errors.map((e) => e.field), ['dose_mg_per_kg', 'measurements/0/instrument']);
    assert.equal((await frontDesk('POST', `/api/v1/patients/${patientId}/plans`, { body: ivPlan(screeningId) })).status, 403);

    const created = await prescriber('POST', `/api/v1/patients/${patientId}/plans`, { body: ivPlan(screeningId) });
    assert.equal(created.status, 201, created.text);
    plan = created.json;
    const monday = nextMonday();
    assert.deepEqual(plan.appointments.map((a) => a.local_date), [0, 3, 7, 10, 14, 17].map((d) => addDays(monday, d)));
    assert.ok(plan.appointments.every((a) => a.status === 'proposed' && a.local_start === '09:00' && a.local_end === '11:00'));
    assert.ok(plan.appointments.every((a) => a.conflicts.length === 0));
    assert.equal(plan.version, 1);

    const again = await prescriber('POST', `/api/v1/patients/${patientId}/plans`, { body: ivPlan(screeningId) });
    assert.equal(again.status, 409);
    assert.equal(again.json.errors[0].rule, 'new_screening');
  });

  it('keeps every version of a plan with its reason', async () => {
    const path = `/api/v1/plans/${plan.id}`;
    const body = { ...plan.plan, futility_review_after: 1 };
    assert.equal((await prescriber('PATCH', path, { body: { version: 1, plan: body } })).json.errors[0].field, 'reason');
    const revised = await prescriber('PATCH', path, { body: { version: 1, reason: 'review after the first infusion', plan: body } });
    assert.equal(revised.status, 200, revised.text);
    assert.equal(revised.json.version, 2);
    assert.deepEqual(revised.json.versions.map((v) => v.reason), ['plan written', 'review after the first infusion']);
    assert.equal(revised.json.versions[0].plan.futility_review_after, 3);
    assert.equal((await prescriber('PATCH', path, { body: { version: 1, reason: 'stale', plan: body } })).status, 409);
  });

  it('confirms the sessions: bookings, doses and patient instructions, not on today\'s nurse station', async () => {
    const confirmed = await prescriber('POST', `/api/v1/plans/${plan.id}/confirm`);
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.ok(confirmed.json.confirmed_at);
    plan = confirmed.json;
    assert.ok(confirmed.json.appointments.every((a) => a.status === 'confirmed' && a.treatment_session_id));
    const session = (await nurse('GET', `/api/v1/sessions/${confirmed.json.appointments[0].treatment_session_id}`)).json;
    assert.equal(session.dose.dose_mg, 34.25 > 34.2 ? 34.2 : 34.25);  // 0.5 × 68.5 = 34.25 mg → 3.42 mL → 34.2 mg
    assert.equal(session.chair, 'Chair 1');
    assert.equal(session.scheduled_at, confirmed.json.appointments[0].starts_at);
    const station = (await nurse('GET', '/api/v1/sessions')).json.items.map((s) => s.id);
    assert.ok(!station.includes(session.id), 'a later day waits on the calendar');
    assert.equal((await prescriber('POST', `/api/v1/plans/${plan.id}/confirm`)).status, 409);

    const outbox = (await frontDesk('GET', '/api/v1/outbox')).json.items.filter((m) => m.patient_id === patientId);
    assert.equal(outbox.length, 6 * 3, 'escort, no driving and the questionnaires for each infusion');
    const first = confirmed.json.appointments[0];
    const reminder = outbox.find((m) => m.appointment_id === first.id && m.instruction.startsWith('self_report:'));
    assert.equal(reminder.instruction, 'self_report:phq9,gad7');
    assert.equal(reminder.send_after, hours(first.starts_at, -24));
    assert.ok(outbox.some((m) => m.appointment_id === first.id && /drive/.test(m.text)));

    // Sending makes the self-report link now; the token is in this answer only.
    const sent = await frontDesk('POST', `/api/v1/outbox/${reminder.id}/sent`);
    assert.equal(sent.status, 200, sent.text);
    const url = sent.json.text.match(/http:\/\/\S+\/q\/(\S+)$/);
    assert.ok(url, sent.json.text);
    const link = await fetch(`${server.url}/api/v1/links/${url[1]}`);
    assert.equal(link.status, 200);
    assert.equal((await frontDesk('POST', `/api/v1/outbox/${reminder.id}/sent`)).status, 409);
    assert.equal((await therapist('GET', '/api/v1/outbox')).status, 403);
  });

  it('shows the week on the calendar and in each staff member\'s iCalendar feed', async () => {
    const monday = nextMonday();
    const week = await frontDesk('GET', `/api/v1/calendar?from=${monday}&to=${addDays(monday, 7)}`);
    assert.equal(week.status, 200, week.text);
    const mine = week.json.appointments.filter((a) => a.patient_id === patientId);
    assert.equal(mine.length, 2);
    assert.equal(mine[0].patient.family_name, 'Testpatient');
    assert.equal(week.json.time_zone, 'America/New_York');
    assert.equal((await frontDesk('GET', `/api/v1/calendar?from=${monday}&to=${addDays(monday, 60)}`)).json.errors[0].field, 'to');

    const feed = await nurse('GET', `/api/v1/staff/${staffIds['p.nurse']}/calendar.ics`);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const infusions = events.filter((e) => plan.appointments.some((a) => a.id === e.uid));
    assert.equal(infusions.length, 6);
    assert.equal(infusions[0].startDate.toJSDate().toISOString(), mine[0].starts_at);
    assert.match(infusions[0].summary, /^IV ketamine infusion, A\. T\.$/);
    assert.equal(infusions[0].location, 'Chair 1');
    assert.equal((await therapist('GET', `/api/v1/staff/${staffIds['p.prescriber']}/calendar.ics`)).status, 403);
    assert.equal((await frontDesk('GET', `/api/v1/staff/${staffIds['p.nurse']}/calendar.ics`)).status, 200);
    // Every patient a calendar or feed names is audited as read, by whom.
    const audit = (await admin('GET', `/api/v1/audit?patient_id=${patientId}`)).json.items
      .filter((e) => e.action.startsWith('calendar.')).map((e) => `${e.action}:${e.username}`);
    for (const expected of ['calendar.read:p.desk', 'calendar.feed:p.nurse', 'calendar.feed:p.desk']) {
      assert.ok(audit.includes(expected), `${expected} in ${audit}`);
    }
  });

  it('refuses every conflict by name', async () => {
    const first = plan.appointments[0];
    const other = await newPatient();
    const consult = (overrides) => frontDesk('POST', '/api/v1/appointments', {
      body: { patient_id: other, type: 'consultation', resource_id: 'room-a', staff_ids: [], starts_at: hours(first.starts_at, 1), ...overrides },
    });
    const rulesOf = (response) => (response.json.errors ?? []).map((e) => e.rule);
    assert.deepEqual(rulesOf(await consult({ patient_id: patientId })), ['patient_double_booked']);
    assert.deepEqual(rulesOf(await consult({ staff_ids: [staffIds['p.nurse']] })), ['staff_double_booked']);
    assert.deepEqual(rulesOf(await consult({ starts_at: hours(first.starts_at, 10) })), ['outside_opening_hours']);
    assert.deepEqual(rulesOf(await consult({ starts_at: hours(first.starts_at, 24 * 5) })), ['outside_opening_hours'], 'Saturday');
    const booked = await consult({});
    assert.equal(booked.status, 201, booked.text);
    const third = await newPatient();
    assert.deepEqual(rulesOf(await consult({ patient_id: third })), ['room_double_booked']);
    assert.deepEqual(rulesOf(await consult({ type: 'infusion' })), ['not_a_treatment']);

    // Another patient's plan on the same chair and hours: the chair is taken.
    const clash = await prescriber('POST', `/api/v1/patients/${third}/plans`, { body: ivPlan(await approvedScreening(third), { staff_ids: [] }) });
    assert.equal(clash.json.appointments[0].conflicts[0].rule, 'chair_double_booked');
    const refused = await prescriber('POST', `/api/v1/plans/${clash.json.id}/confirm`);
    assert.equal(refused.status, 409);
    assert.equal(refused.json.errors.length, 6);
    assert.ok(refused.json.errors.every((e) => e.rule === 'chair_double_booked'));
    assert.match(refused.json.errors[0].message, /^Chair 1 is already booked \d{4}-\d\d-\d\d 09:00-11:00$/);

    // Esketamine needs a prescriber on site for the whole session.
    const esk = await newPatient();
    await admin('PUT', `/api/v1/staff/${staffIds['p.prescriber']}/hours`, { body: { hours: [{ weekday: 'tue', start: '08:00', end: '10:00' }] } });
    const eskPlan = await prescriber('POST', `/api/v1/patients/${esk}/plans`, {
      body: { ...ivPlan(await approvedScreening(esk, 'esketamine_nasal')), protocol: 'esketamine_nasal', dose_mg_per_kg: undefined, dose_mg: 56, course: 'esketamine_label_induction', resource_id: 'chair-2', staff_ids: [], first_date: addDays(nextMonday(), 1) },
    });
    assert.equal(eskPlan.status, 201, eskPlan.text);
    assert.equal(eskPlan.json.appointments.length, 12);
    assert.equal(eskPlan.json.appointments[0].local_end, '11:15', '2 h 15 min of chair time');
    assert.deepEqual(eskPlan.json.appointments[0].conflicts.map((c) => c.rule), ['no_prescriber_on_site']);
    assert.equal((await prescriber('POST', `/api/v1/plans/${eskPlan.json.id}/confirm`)).status, 409);
  });

  it('checks a plan\'s own sessions against each other when it is confirmed', async () => {
    const patient = await newPatient();
    const own = await prescriber('POST', `/api/v1/patients/${patient}/plans`, {
      body: ivPlan(await approvedScreening(patient), { resource_id: 'chair-2', staff_ids: [], first_date: nextMonday(4) }),
    });
    assert.equal(own.status, 201, own.text);
    const [first, second] = own.json.appointments;
    // A proposal moved onto another of the same plan (proposals are tentative: no check yet).
    const moved = await frontDesk('PATCH', `/api/v1/appointments/${second.id}`, { body: { version: 1, local_date: first.local_date, local_start: first.local_start } });
    assert.equal(moved.status, 200, moved.text);
    const refused = await prescriber('POST', `/api/v1/plans/${own.json.id}/confirm`);
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.json.errors.map((e) => `${e.field}:${e.rule}`), ['appointments/2:chair_double_booked', 'appointments/2:patient_double_booked']);
    assert.ok((await prescriber('GET', `/api/v1/plans/${own.json.id}`)).json.appointments.every((a) => a.status === 'proposed'), 'nothing booked');
  });

  it('moves a booked infusion with its session, refuses a bad move, and cancels with the session', async () => {
    const first = plan.appointments[0];
    const current = (await frontDesk('GET', `/api/v1/calendar?from=${first.local_date}&to=${addDays(first.local_date, 1)}`)).json.appointments.find((a) => a.id === first.id);
    const moved = await frontDesk('PATCH', `/api/v1/appointments/${first.id}`, { body: { version: current.version, starts_at: hours(first.starts_at, 4), resource_id: 'chair-2' } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.local_start, '13:00');
    const session = (await nurse('GET', `/api/v1/sessions/${first.treatment_session_id}`)).json;
    assert.equal(session.scheduled_at, hours(first.starts_at, 4));
    assert.equal(session.chair, 'Chair 2');
    const stale = await frontDesk('PATCH', `/api/v1/appointments/${first.id}`, { body: { version: current.version, starts_at: first.starts_at } });
    assert.equal(stale.status, 409);
    const late = await frontDesk('PATCH', `/api/v1/appointments/${first.id}`, { body: { version: moved.json.version, starts_at: hours(first.starts_at, 8) } });
    assert.equal(late.json.errors[0].rule, 'outside_opening_hours');
    const pending = (await frontDesk('GET', '/api/v1/outbox')).json.items.filter((m) => m.appointment_id === first.id);
    assert.equal(pending.length, 2, 'instructions re-issued for the new time (the questionnaire link was already sent)');
    assert.ok(pending.every((m) => m.send_after < hours(first.starts_at, 4)));

    const second = plan.appointments[1];
    const cancelled = await frontDesk('PATCH', `/api/v1/appointments/${second.id}`, { body: { version: 2, status: 'cancelled' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal((await nurse('GET', `/api/v1/sessions/${second.treatment_session_id}`)).json.phase, 'aborted');
    assert.equal((await frontDesk('GET', '/api/v1/outbox')).json.items.filter((m) => m.appointment_id === second.id).length, 0);
  });

  it('puts a session booked outside a plan in its chair on the calendar, refuses a second one there, and frees it on abort', async () => {
    const day = nextMonday(6);
    const at = `${day}T15:00:00.000Z`;  // 10:00 or 11:00 in New York
    const book = (patient_id, chair, scheduled_at = at) => prescriber('POST', '/api/v1/sessions', {
      body: { patient_id, protocol: 'iv_ketamine', scheduled_at, chair, dose_mg_per_kg: 0.5, concentration_mg_per_ml: 10 },
    });
    const [a, b] = [await newPatient(), await newPatient()];
    const first = await book(a, 'Chair 2');
    assert.equal(first.status, 201, first.text);
    const calendar = async () => (await frontDesk('GET', `/api/v1/calendar?from=${day}&to=${addDays(day, 1)}`)).json.appointments;
    const placed = (await calendar()).find((x) => x.treatment_session_id === first.json.id);
    assert.ok(placed, 'the session is on the calendar');
    assert.deepEqual([placed.type, placed.resource_id, placed.status, placed.starts_at], ['infusion', 'chair-2', 'confirmed', at]);
    assert.equal(Date.parse(placed.ends_at) - Date.parse(placed.starts_at), 120 * 60_000, 'the infusion type\'s 2 hours of chair time');

    // Another patient, the same chair an hour later: refused by name, nothing booked.
    const clash = await book(b, 'Chair 2', `${day}T16:00:00.000Z`);
    assert.equal(clash.status, 409);
    assert.equal(clash.json.errors[0].rule, 'chair_double_booked');
    assert.match(clash.json.errors[0].message, /^Chair 2 is already booked /);
    assert.equal((await nurse('GET', `/api/v1/patients/${b}/sessions`)).json.items.length, 0);
    // A chair the clinic does not have is named as such.
    const unknown = await book(b, 'Chair 12');
    assert.deepEqual([unknown.status, unknown.json.errors[0].field, unknown.json.errors[0].rule], [400, 'chair', 'known_chair']);
    assert.match(unknown.json.errors[0].message, /Chair 1, Chair 2$/);

    // Aborted, it gives the chair back.
    assert.equal((await nurse('POST', `/api/v1/sessions/${first.json.id}/transitions`, { body: { to: 'aborted', reason: 'patient unwell' } })).status, 200);
    assert.ok(!(await calendar()).some((x) => x.treatment_session_id === first.json.id && x.status === 'confirmed'));
    assert.equal((await book(b, 'Chair 2', `${day}T16:00:00.000Z`)).status, 201);
  });

  it('raises the futility review when the plan\'s review point passes without a response', async () => {
    // The plan's revision reviews after one infusion; the only PHQ-9 is the baseline.
    await nurse('POST', `/api/v1/patients/${patientId}/assessments`, {
      body: { instrument: 'phq9', answers: { phq9_1: 3, phq9_2: 3, phq9_3: 2, phq9_4: 2, phq9_5: 2, phq9_6: 2, phq9_7: 2, phq9_8: 2, phq9_9: 0, phq9_difficulty: 2 } },
    });
    // Check-in to discharge, each step answered 200 (the infusion stopped at once: a test course).
    await walkSession({ prescriber, nurse }, plan.appointments[2].treatment_session_id);
    const alerts = (await nurse('GET', `/api/v1/alerts?patient_id=${patientId}`)).json.items;
    const review = alerts.find((a) => a.kind === 'futility_review');
    assert.ok(review, JSON.stringify(alerts));
    // It quotes the early-response forecast, which has nothing to read yet either.
    assert.equal(review.message, 'Review the treatment plan: no Patient Health Questionnaire-9 (PHQ-9) since baseline: response cannot be judged after 1 session. '
      + 'Forecast: Not enough data: no assessment after a dosing session yet.');
  });
});

describe('KAP therapy notes', () => {
  it('are read by their author and granted clinicians only, every read audited', async () => {
    const patientId = await newPatient();
    const missing = await therapist('POST', `/api/v1/patients/${patientId}/therapy-notes`, { body: { template: 'kap_dosing', sections: { experience: 'calm' } } });
    assert.deepEqual(missing.json.errors.map((e) => e.field), ['sections/safety_observations', 'session_id']);
    const written = await therapist('POST', `/api/v1/patients/${patientId}/therapy-notes`, {
      body: { template: 'kap_integration', sections: { themes: 'Grief about her father; felt held', mood_and_risk: 'Mood brighter, no suicidal ideation' } },
    });
    assert.equal(written.status, 201, written.text);
    const noteId = written.json.id;
    assert.equal((await frontDesk('GET', `/api/v1/patients/${patientId}/therapy-notes`)).status, 403);
    assert.equal((await frontDesk('GET', `/api/v1/therapy-notes/${noteId}`)).status, 403);
    assert.equal((await nurse('POST', `/api/v1/patients/${patientId}/therapy-notes`, { body: {} })).status, 403);
    const listed = (await nurse('GET', `/api/v1/patients/${patientId}/therapy-notes`)).json.items;
    assert.deepEqual(listed.map((n) => [n.name, n.readable, n.sections]), [['KAP integration session', false, undefined]]);
    assert.equal((await nurse('GET', `/api/v1/therapy-notes/${noteId}`)).status, 403);
    assert.equal((await prescriber('GET', `/api/v1/therapy-notes/${noteId}`)).status, 403, 'not even another note writer');
    assert.equal((await therapist('GET', `/api/v1/therapy-notes/${noteId}`)).json.sections.themes, 'Grief about her father; felt held');

    assert.equal((await prescriber('POST', `/api/v1/therapy-notes/${noteId}/grants`, { body: { staff_id: staffIds['p.prescriber'] } })).status, 403);
    assert.equal((await therapist('POST', `/api/v1/therapy-notes/${noteId}/grants`, { body: { staff_id: staffIds['p.desk'] } })).status, 400);
    const granted = await therapist('POST', `/api/v1/therapy-notes/${noteId}/grants`, { body: { staff_id: staffIds['p.prescriber'] } });
    assert.equal(granted.status, 200, granted.text);
    assert.equal((await prescriber('GET', `/api/v1/therapy-notes/${noteId}`)).status, 200);

    const audit = (await admin('GET', `/api/v1/audit?patient_id=${patientId}`)).json.items
      .filter((e) => e.action === 'therapy_note.read').map((e) => `${e.username}:${e.outcome}`);
    assert.deepEqual(audit.sort(), ['p.nurse:denied', 'p.prescriber:denied', 'p.prescriber:success', 'p.therapist:success'].sort());
    const desk = (await admin('GET', '/api/v1/audit?username=p.desk')).json.items;
    assert.ok(desk.some((e) => e.action === 'permission.denied' && e.detail.includes(noteId)), 'the front desk was refused at the door, audited');
    assert.equal((await admin('GET', `/api/v1/therapy-notes/${noteId}`)).status, 403, 'an administrator reads no psychotherapy note');
  });
});
