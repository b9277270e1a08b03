// Treatment sessions over HTTP: booking with a dose, the phase rules, checklists, vital signs from
// a device token and by hand, alarms pushed live over the WebSocket feed and acknowledged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, checkedInPatient, client, makeDataDir, openLiveFeed, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

let dataDir, server, prescriber, nurse, therapist, frontDesk, admin, prescriberToken, patientId;

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['s.prescriber', 'prescriber'], ['s.nurse', 'nurse'], ['s.therapist', 'therapist'], ['s.desk', 'front_desk'], ['s.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir);
  prescriberToken = await signIn(server.url, 's.prescriber');
  prescriber = client(server.url, prescriberToken);
  nurse = client(server.url, await signIn(server.url, 's.nurse'));
  therapist = client(server.url, await signIn(server.url, 's.therapist'));
  frontDesk = client(server.url, await signIn(server.url, 's.desk'));
  admin = client(server.url, await signIn(server.url, 's.admin'));
  patientId = (await frontDesk('POST', '/api/v1/patients', { body: validPatient({ weight_kg: 81.3 }) })).json.id;
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const now = () => new Date().toISOString();
const ivSession = (overrides = {}) => ({
  patient_id: patientId, protocol: 'iv_ketamine', scheduled_at: now(), chair: 'Chair 1',
  dose_mg_per_kg: 0.5, concentration_mg_per_ml: 10, lot_number: 'KET-2291', lot_expiry: '2030-01-31', ...overrides,
});
const reading = (kind, value, unit, at = now()) => ({ kind, value, unit, at });
const bp = (sbp, dbp, at = now()) => [reading('sbp', sbp, 'mm[Hg]', at), reading('dbp', dbp, 'mm[Hg]', at)];
const move = (as, id, to, extra = {}) => as('POST', `/api/v1/sessions/${id}/transitions`, { body: { to, ...extra } });
const confirmAll = async (id, list) => {
  const detail = (await nurse('GET', `/api/v1/sessions/${id}`)).json;
  const items = Object.fromEntries(detail[list === 'discharge' ? 'discharge_checklist' : list].map((item) => [item.id, true]));
  return nurse('POST', `/api/v1/sessions/${id}/checklist`, { body: { list, items } });
};


describe('booking a session', () => {
  it('says when the chart weight is older than the clinic allows before the session', async () => {
    const inDays = (d) => new Date(Date.now() + d * 86_400_000).toISOString();
    const fresh = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ scheduled_at: inDays(29), chair: 'Chair 11' }) })).json;
    assert.match(fresh.dose.notes[0], /^dose uses the weight recorded in the patient's chart on \d{4}-\d{2}-\d{2} \(version 1\): 81\.3 kg/);
    const later = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ scheduled_at: inDays(40), chair: 'Chair 11' }) })).json;
    assert.equal(later.dose.notes[0], 'Weight older than 30 days: recorded 40 days before this session; weigh the patient and book again if it changed');
    // A weight given for the session is that day's weight: no warning.
    const weighed = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ scheduled_at: inDays(40), chair: 'Chair 11', weight_kg: 80 }) })).json;
    assert.ok(!weighed.dose.notes.some((n) => n.startsWith('Weight older')));
    for (const s of [fresh, later, weighed]) await move(nurse, s.id, 'aborted', { reason: 'test booking' });
  });

  it('computes the dose from the chart weight, says so, and never rounds up', async () => {
    const response = await prescriber('POST', '/api/v1/sessions', { body: ivSession() });
    assert.equal(response.status, 201, response.text);
    assert.match(response.headers.get('location'), /^\/api\/v1\/sessions\/[0-9a-f]{32}$/);
    const { dose } = response.json;
    assert.equal(dose.prescribed_mg, 40.65);
    assert.equal(dose.volume_ml, 4.06);
    assert.equal(dose.dose_mg, 40.6);
    assert.equal(dose.pump_rate_ml_per_h, 6);
    assert.equal(dose.weight_kg, 81.3);
    assert.match(dose.notes[0], /weight recorded in the patient's chart/);
    assert.equal(response.json.phase, 'scheduled');
    assert.deepEqual(response.json.next_phases, ['checked_in', 'aborted']);
  });

  it('refuses a dose above the protocol maximum, naming the field, and books nothing', async () => {
    const before = (await nurse('GET', '/api/v1/sessions')).json.items.length;
    const response = await prescriber('POST', '/api/v1/sessions', { body: ivSession({ dose_mg_per_kg: 1.5, reason: 'x' }) });
    assert.equal(response.status, 400);
    assert.equal(response.json.errors[0].field, 'dose_mg_per_kg');
    assert.equal(response.json.errors[0].rule, 'above_protocol_maximum');
    assert.equal((await nurse('GET', '/api/v1/sessions')).json.items.length, before);
  });

  it('names every bad field at once', async () => {
    const response = await prescriber('POST', '/api/v1/sessions', { body: { protocol: 'iv_ketamine', scheduled_at: 'tomorrow', dose_mg: 'a lot' } });
    assert.equal(response.status, 400);
    const fields = response.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['chair', 'dose_mg', 'patient_id', 'scheduled_at']);
  });

  it('allows esketamine 84 mg only after a 56 mg session was given', async () => {
    const response = await prescriber('POST', '/api/v1/sessions', { body: { patient_id: patientId, protocol: 'esketamine_nasal', scheduled_at: now(), chair: 'Chair 4', dose_mg: 84 } });
    assert.equal(response.status, 400);
    assert.equal(response.json.errors[0].rule, 'escalation_needs_prior_dose');
  });

  it('lets only prescribers book and keeps sessions from the front desk', async () => {
    assert.equal((await nurse('POST', '/api/v1/sessions', { body: ivSession() })).status, 403);
    assert.equal((await frontDesk('GET', '/api/v1/sessions')).status, 403);
    assert.equal((await therapist('GET', '/api/v1/sessions')).status, 200);
    const protocols = (await therapist('GET', '/api/v1/protocols')).json.items.map((p) => p.id);
    assert.deepEqual(protocols, ['esketamine_nasal', 'im_ketamine', 'iv_ketamine', 'oral_ketamine']);
  });

  it('predicts an IM and an oral dose by their routes: IM peaks early, oral late and lower', async () => {
    const peak = async (protocol, chair, mgPerKg) => {
      const booked = await prescriber('POST', '/api/v1/sessions', { body: ivSession({ protocol, chair, dose_mg_per_kg: mgPerKg }) });
      assert.equal(booked.status, 201, booked.text);
      const predicted = await therapist('GET', `/api/v1/sessions/${booked.json.id}/prediction`);
      assert.equal(predicted.status, 200, predicted.text);
      assert.equal(predicted.json.model, 'kamp2020');
      // The absorption rate of these routes is an assumption, and the answer says so.
      assert.match(predicted.json.route_assumption, /ASSUMPTION/, predicted.json.route);
      assert.ok(predicted.json.assumptions.includes(predicted.json.route_assumption));
      return predicted.json;
    };
    // The protocols' default doses: 0.5 mg/kg IM (F 0.93), 1.5 mg/kg oral (F 0.20, slow).
    const im = await peak('im_ketamine', 'Chair 11', 0.5), oral = await peak('oral_ketamine', 'Chair 12', 1.5);
    assert.ok(im.tmax_min >= 6 && im.tmax_min <= 16, String(im.tmax_min));
    assert.ok(oral.tmax_min >= 40 && oral.tmax_min <= 90, String(oral.tmax_min));
    assert.ok(oral.cmax_ng_ml < im.cmax_ng_ml / 3, `${oral.cmax_ng_ml} vs ${im.cmax_ng_ml}`);
  });
});

describe('running a session', () => {
  it('goes from check-in to discharge by the rules, with alarms pushed live and acknowledged', async () => {
    const session = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ chair: 'Chair 2' }) })).json;
    const id = session.id;
    const feed = openLiveFeed(server.url, prescriberToken);
    await feed.opened;

    assert.equal((await move(nurse, id, 'checked_in')).status, 200);
    let refused = await move(nurse, id, 'dosing');
    assert.equal(refused.status, 409);
    assert.equal(refused.json.errors[0].rule, 'pre_dose_vitals_required');
    refused = await move(nurse, id, 'ready');
    assert.equal(refused.json.errors[0].rule, 'pre_checks_incomplete');
    assert.equal((await confirmAll(id, 'pre_checks')).status, 200);
    refused = await move(nurse, id, 'ready');
    assert.equal(refused.json.errors[0].rule, 'pre_dose_vitals_required');

    // A gateway registered by the admin posts with its own token.
    const device = await admin('POST', '/api/v1/devices', { body: { device_id: 'monitor-chair-2', label: 'Chair 2 monitor' } });
    assert.equal(device.status, 201);
    const gateway = client(server.url, device.json.token);
    const preDose = [...bp(128, 82), reading('hr', 72, '/min'), reading('spo2', 98, '%')];
    let posted = await gateway('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: preDose } });
    assert.equal(posted.status, 200, posted.text);
    assert.deepEqual(posted.json, { stored: 4, duplicates: 0 });
    posted = await gateway('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: preDose } });
    assert.deepEqual(posted.json, { stored: 0, duplicates: 4 });
    // The device token opens nothing else.
    assert.equal((await gateway('GET', `/api/v1/sessions/${id}`)).status, 401);

    assert.equal((await move(nurse, id, 'ready')).status, 200);
    const dosing = await move(nurse, id, 'dosing');
    assert.equal(dosing.status, 200);
    assert.ok(dosing.json.dosing_started_at);

    // SBP 185: critical at once, on the live feed.
    await gateway('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: bp(185, 96) } });
    const raised = await feed.next((m) => m.type === 'alarm' && m.session_id === id && m.alarm.rule_id === 'sbp_critical_high');
    assert.equal(raised.alarm.severity, 'critical');
    assert.equal(raised.alarm.status, 'active');
    assert.equal(raised.alarm.message, 'SBP 185 mm[Hg] above 180 (critical)');
    assert.ok(feed.messages.some((m) => m.type === 'vitals' && m.session_id === id));

    // The value settles; the alarm stays until a nurse acknowledges it.
    await gateway('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: bp(150, 88) } });
    await feed.next((m) => m.type === 'alarm' && m.alarm.id === raised.alarm.id && m.alarm.status === 'resolved_unacknowledged');
    // Nobody leaves with an alarm nobody has acknowledged.
    // Stopping the 40-minute infusion minutes after it started asks why, and what was given.
    refused = await move(nurse, id, 'recovery');
    assert.equal(refused.status, 409);
    assert.equal(refused.json.errors[0].rule, 'early_end_needs_reason');
    assert.match(refused.json.detail, /^the infusion is planned to run (40|39) min more; ending it early needs a reason$/);
    refused = await move(nurse, id, 'recovery', { reason: 'hypertensive response' });
    assert.equal(refused.json.errors[0].rule, 'early_end_needs_dose_given');
    refused = await move(nurse, id, 'recovery', { reason: 'hypertensive response', dose_given_mg: 41 });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json.errors[0], { field: 'dose_given_mg', rule: 'at_most_prescribed', message: 'dose_given_mg must not exceed the prescribed 40.6 mg' });
    assert.equal((await move(nurse, id, 'recovery', { reason: 'hypertensive response', dose_given_mg: '5' })).json.errors[0].rule, 'range');
    assert.equal((await move(nurse, id, 'recovery', { reason: 'hypertensive response', dose_given_mg: 5.5 })).status, 200);
    refused = await move(prescriber, id, 'discharged', { override_minimum: true, reason: 'stable' });
    assert.equal(refused.json.errors[0].rule, 'alarms_unacknowledged');
    const noAction = await nurse('POST', `/api/v1/sessions/${id}/alarms/${raised.alarm.id}/acknowledgement`, { body: { action: ' ' } });
    assert.equal(noAction.status, 400);
    const ack = await nurse('POST', `/api/v1/sessions/${id}/alarms/${raised.alarm.id}/acknowledgement`, { body: { action: 'Repeated BP 150/88; prescriber informed' } });
    assert.equal(ack.status, 200, ack.text);
    assert.equal(ack.json.status, 'cleared');
    assert.equal(ack.json.acknowledged_by, 's.nurse');
    await feed.next((m) => m.type === 'alarm' && m.alarm.id === raised.alarm.id && m.alarm.status === 'cleared');
    refused = await move(nurse, id, 'discharged');
    assert.equal(refused.json.errors[0].rule, 'discharge_checklist_incomplete');
    await confirmAll(id, 'discharge');

    // IV ketamine's 90-minute minimum is a clinic default: a nurse cannot override it early.
    refused = await move(nurse, id, 'discharged', { override_minimum: true, reason: 'ride waiting' });
    assert.equal(refused.json.errors[0].rule, 'override_needs_prescriber');
    const discharged = await move(prescriber, id, 'discharged', { override_minimum: true, reason: 'stable, transferred to ED for unrelated injury' });
    assert.equal(discharged.status, 200, discharged.text);

    const record = (await nurse('GET', `/api/v1/sessions/${id}`)).json;
    assert.deepEqual(record.transitions.map((t) => t.to), ['checked_in', 'ready', 'dosing', 'recovery', 'discharged']);
    assert.equal(record.transitions.length, 5, 'refused moves are audited, not recorded as transitions');
    assert.equal(record.transitions.at(-1).by, 's.prescriber');
    assert.equal(record.transitions[3].dose_given_mg, 5.5);
    assert.equal(record.transitions[3].reason, 'hypertensive response');
    assert.equal(record.transitions[2].dose_given_mg, null);
    assert.equal(record.alarms[0].action, 'Repeated BP 150/88; prescriber informed');
    assert.equal(record.vitals.length, 8);
    // Finished: no more readings, no more phases.
    assert.equal((await gateway('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: bp(120, 80) } })).status, 409);
    assert.equal((await move(nurse, id, 'aborted', { reason: 'x' })).json.errors[0].rule, 'session_finished');
    feed.ws.close();

    const audit = (await admin('GET', `/api/v1/audit?patient_id=${patientId}`)).json.items.map((e) => e.action);
    const subscribed = (await admin('GET', '/api/v1/audit?username=s.prescriber')).json.items.map((e) => e.action);
    assert.ok(subscribed.includes('live.subscribe'));
    for (const action of ['session.create', 'session.transition', 'vitals.record', 'alarm.acknowledge', 'session.read']) {
      assert.ok(audit.includes(action), action);
    }
  });

  it('refuses an impossible or badly formed reading and stores none of the batch', async () => {
    const id = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ chair: 'Chair 3' }) })).json.id;
    const bad = await nurse('POST', `/api/v1/sessions/${id}/vitals`, {
      body: { readings: [reading('hr', 80, '/min'), reading('sbp', 420, 'mm[Hg]'), reading('spo2', 97, 'percent'), { kind: 'bp', value: 1, unit: 'x', at: 'now' },
        { ...reading('rr', 14, '/min'), device_id: '' }, { ...reading('rr', 14, '/min'), device_id: 7 }] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((e) => e.field), ['readings/1/value', 'readings/2/value', 'readings/3/kind', 'readings/3/at', 'readings/4/device_id', 'readings/5/device_id']);
    assert.match(bad.json.errors[0].message, /not possible/);
    assert.equal((await nurse('GET', `/api/v1/sessions/${id}/vitals`)).json.items.length, 0);
    // A nurse's manual reading is attributed to her.
    const manual = await nurse('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: [reading('hr', 80, '/min')] } });
    assert.equal(manual.json.stored, 1);
    assert.equal((await nurse('GET', `/api/v1/sessions/${id}/vitals`)).json.items[0].device_id, 'manual:s.nurse');
  });

  it('closes a live feed when its staff session ends', async () => {
    const token = await signIn(server.url, 's.nurse');
    const feed = openLiveFeed(server.url, token);
    await feed.opened;
    const closed = new Promise((resolve) => feed.ws.on('close', resolve));
    assert.equal((await client(server.url, token)('DELETE', '/api/v1/session')).status, 204);
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the feed stayed open')), 5000))]);
  });

  it('admits only signed-in staff who may read sessions to the live feed', async () => {
    const anonymous = openLiveFeed(server.url, 'nope');
    await assert.rejects(anonymous.opened, /refused 401/);
    const desk = openLiveFeed(server.url, await signIn(server.url, 's.desk'));
    await assert.rejects(desk.opened, /refused 403/);
  });
});

describe("a patient's treatment sessions", () => {
  it('lists them newest first with their counts, for the clinical roles only, and audits the read', async () => {
    const mine = (await frontDesk('POST', '/api/v1/patients', { body: validPatient({ weight_kg: 70 }) })).json.id;
    const day = (d) => `2029-03-0${d}T15:00:00.000Z`;
    const first = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ patient_id: mine, scheduled_at: day(2), chair: 'Chair 4' }) })).json;
    const second = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ patient_id: mine, scheduled_at: day(5), chair: 'Chair 4' }) })).json;
    await move(nurse, first.id, 'aborted', { reason: 'patient unwell on arrival' });
    const listed = await nurse('GET', `/api/v1/patients/${mine}/sessions`);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.items.map((s) => s.id), [second.id, first.id]);
    const [later, earlier] = listed.json.items;
    assert.equal(later.phase, 'scheduled');
    assert.equal(later.ended_at, null);
    assert.equal(earlier.phase, 'aborted');
    assert.ok(earlier.ended_at);
    assert.equal(earlier.protocol, 'iv_ketamine');
    assert.equal(earlier.dose.dose_mg, 35);
    assert.deepEqual([earlier.alarm_count, earlier.critical_alarm_count, earlier.adverse_event_count, earlier.serious_adverse_event_count], [0, 0, 0, 0]);

    for (const [who, status] of [[therapist, 200], [prescriber, 200], [admin, 200], [frontDesk, 403]]) {
      assert.equal((await who('GET', `/api/v1/patients/${mine}/sessions`)).status, status);
    }
    const unknown = await nurse('GET', '/api/v1/patients/0123456789abcdef0123456789abcdef/sessions');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.type, 'urn:plasticity:problem:patient-not-found');
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${mine}`)).json.items;
    assert.ok(trail.some((e) => e.action === 'session.list' && e.detail === '2 sessions'), JSON.stringify(trail.map((e) => e.action)));
  });

  it('counts the alarms and adverse events a session had', async () => {
    const { patientId: mine, sessionId } = await checkedInPatient(prescriber, nurse, { chair: 'Chair 6' });
    await nurse('POST', `/api/v1/sessions/${sessionId}/events`, { body: { kind: 'adverse_event', type: 'nausea', severity: 'mild', serious: false } });
    await nurse('POST', `/api/v1/sessions/${sessionId}/events`, { body: { kind: 'adverse_event', type: 'hypertension', severity: 'severe', serious: true } });
    await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: bp(190, 100) } });
    const [entry] = (await nurse('GET', `/api/v1/patients/${mine}/sessions`)).json.items;
    assert.deepEqual([entry.alarm_count >= 1, entry.critical_alarm_count >= 1, entry.adverse_event_count, entry.serious_adverse_event_count], [true, true, 2, 1]);
  });
});

describe('chair records and the REMS monitoring form', () => {
  it('records sedation, adverse events and the controlled-substance account, each checked', async () => {
    const id = (await prescriber('POST', '/api/v1/sessions', { body: ivSession({ chair: 'Chair 6' }) })).json.id;
    const event = (body) => nurse('POST', `/api/v1/sessions/${id}/events`, { body });
    assert.equal((await event({ kind: 'sedation', moaas: 4 })).status, 201);
    let refused = await event({ kind: 'sedation', moaas: 7 });
    assert.equal(refused.json.errors[0].field, 'moaas');
    assert.equal((await event({ kind: 'adverse_event', type: 'nausea', severity: 'moderate', serious: false, interventions: 'ondansetron 4 mg IV' })).status, 201);
    refused = await event({ kind: 'adverse_event', type: 'fainting', severity: 'awful' });
    assert.deepEqual(refused.json.errors.map((e) => e.field), ['type', 'severity']);
    // 50 mg drawn, 40.6 mg given, 9.4 mg wasted: a witness who is someone else, on the staff.
    refused = await event({ kind: 'controlled_substance', dispensed_mg: 50, administered_mg: 40.6, wasted_mg: 9.4, lot_number: 'KET-2291' });
    assert.equal(refused.json.errors[0].field, 'witness');
    refused = await event({ kind: 'controlled_substance', dispensed_mg: 50, administered_mg: 40.6, wasted_mg: 9.4, lot_number: 'KET-2291', witness: 's.therapist' });
    assert.equal(refused.json.errors[0].rule, 'clinical_staff');
    const account = await event({ kind: 'controlled_substance', dispensed_mg: 50, administered_mg: 40.6, wasted_mg: 9.4, lot_number: 'KET-2291', witness: 's.prescriber' });
    assert.equal(account.status, 201, account.text);
    assert.equal((await event({ kind: 'lunch' })).json.errors[0].field, 'kind');
    const events = (await nurse('GET', `/api/v1/sessions/${id}`)).json.events;
    assert.deepEqual(events.map((e) => e.kind), ['sedation', 'adverse_event', 'controlled_substance']);
    assert.equal(events[2].record.witness, 's.prescriber');
    assert.equal(events[2].by, 's.nurse');
    // IV ketamine has no REMS form.
    assert.equal((await nurse('GET', `/api/v1/sessions/${id}/monitoring-form`)).status, 404);
    // The predicted curve of this dose: 40.6 mg over 40 min peaks in plasma at the end of the
    // infusion; the effect site lags it.
    const predicted = (await therapist('GET', `/api/v1/sessions/${id}/prediction`)).json;
    assert.equal(predicted.model, 'kamp2020');
    assert.equal(predicted.tmax_min, 40);
    assert.ok(predicted.cmax_ng_ml > 50 && predicted.cmax_ng_ml < 400, String(predicted.cmax_ng_ml));
    const at = (t) => predicted.times_min.indexOf(t);
    assert.ok(predicted.effect_site_ng_ml[at(40)] < predicted.plasma_ng_ml[at(40)]);
    assert.match(predicted.effect_site_source, /preliminary/);
  });

  it('builds the esketamine form from the record, refuses to submit it incomplete, and prints it', async () => {
    const esk = await prescriber('POST', '/api/v1/sessions', { body: { patient_id: patientId, protocol: 'esketamine_nasal', scheduled_at: now(), chair: 'Chair 8', dose_mg: 56, lot_number: 'ESK-4471' } });
    assert.equal(esk.status, 201, esk.text);
    const id = esk.json.id;
    assert.deepEqual(esk.json.dose.devices, 2);
    assert.equal((await nurse('GET', `/api/v1/sessions/${id}/monitoring-form`)).status, 409);  // not dosed yet
    await move(nurse, id, 'checked_in');
    await confirmAll(id, 'pre_checks');
    await nurse('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: [...bp(132, 84), reading('hr', 70, '/min')] } });
    assert.equal((await move(nurse, id, 'ready')).status, 200);
    assert.equal((await move(nurse, id, 'dosing')).status, 200);
    await nurse('POST', `/api/v1/sessions/${id}/events`, {
      body: { kind: 'monitoring_form', concomitant: { benzodiazepines: true, non_benzodiazepine_sedative_hypnotics: false, psychostimulants: false, maois: false, opioids: false }, vitals_acceptable_before: true, sedation: true, dissociation: true, respiratory_depression: false, monitoring_hcp: 'S. Nurse' },
    });
    // When the patient would have been ready without the 2-hour minimum: from the chair's record.
    assert.equal((await nurse('POST', `/api/v1/sessions/${id}/events`, { body: { kind: 'ready_to_leave', ready_at: '2001-01-01T00:00:00Z' } })).json.errors[0].rule, 'during_session');
    assert.equal((await nurse('POST', `/api/v1/sessions/${id}/events`, { body: { kind: 'ready_to_leave', ready_at: now() } })).status, 201);
    const form = (await nurse('GET', `/api/v1/sessions/${id}/monitoring-form`)).json;
    assert.equal(form.complete, false);
    assert.equal(form.ready_to_leave_minutes, 0);
    assert.equal(form.bp_before.systolic, 132);
    assert.equal(form.lot_number, 'ESK-4471');
    assert.deepEqual(form.missing, ['vitals_acceptable_at_completion', 'resolved_before_leaving', 'bp_40_min', 'bp_at_completion', 'completed_at']);
    // Discharge before 2 h from the first device is refused for a nurse (the label's rule).
    await confirmAll(id, 'discharge');
    await move(nurse, id, 'recovery');
    const early = await move(nurse, id, 'discharged');
    assert.equal(early.json.errors[0].rule, 'minimum_monitoring_time');
    // What the chart suggests, beside what was answered; the nurse confirms.
    await nurse('POST', `/api/v1/sessions/${id}/events`, { body: { kind: 'sedation', moaas: 4 } });
    const reread = (await nurse('GET', `/api/v1/sessions/${id}/monitoring-form`)).json;
    const { mrn, given_name, family_name } = (await nurse('GET', `/api/v1/patients/${patientId}`)).json;
    assert.deepEqual(reread.patient, { mrn, given_name, family_name });
    assert.equal(reread.suggested.sedation, true);
    assert.equal(reread.suggested.monitoring_hcp, 's.nurse');
    assert.equal(reread.suggested.respiratory_depression, null);
    assert.equal(reread.suggestion_basis.sedation, 'a MOAA/S below 5 or a sedation event at the chair');
    assert.deepEqual(reread.suggested.concomitant, {}, 'no screening on this chart: no medicine suggested');
    assert.equal(Object.keys(reread.labels).length, 18);
    assert.equal(reread.labels.bp_40_min, 'Blood pressure ~40 minutes after administration');
    const submit = await nurse('POST', `/api/v1/sessions/${id}/monitoring-form/submission`, { body: {} });
    assert.equal(submit.status, 409);
    assert.ok(submit.json.errors.some((e) => e.field === 'bp_40_min'));
    const pdf = await fetch(`${server.url}/api/v1/sessions/${id}/monitoring-form.pdf`, { headers: { authorization: `Bearer ${prescriberToken}` } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.headers.get('content-disposition'), /^inline; filename="rems-monitoring-form-[A-Za-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf"$/);
    // libharu writes text uncompressed, with octal escapes for ( ) and /: the form's wording, the
    // patient by name and MRN, local times.
    const text = bytes.toString('latin1').replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
    for (const line of [`(Patient: ${family_name}, ${given_name} (MRN ${mrn})) Tj`, '(Times: local time, America/New_York) Tj', '(Lot number: ESK-4471) Tj',
      '(Monoamine oxidase inhibitors (MAOIs): No) Tj', '(  Missing: Blood pressure ~40 minutes after administration) Tj']) {
      assert.ok(text.includes(line), line);
    }
    assert.ok(!text.includes(id) && !text.includes('bp_40_min') && !text.includes('maois'), 'no ids or field names');
    const unsent = (await nurse('GET', '/api/v1/monitoring-forms')).json.items;
    const listed = unsent.find((f) => f.session_id === id);
    assert.ok(listed.missing.includes('bp_40_min'));
    assert.equal(listed.patient.mrn, mrn);
  });
});
