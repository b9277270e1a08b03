// Treatment courses walked over HTTP as a clinic would: screening and sign-off, an IV plan whose
// first `sessions` infusions stay booked (the rest cancelled), a PHQ-9 baseline the day before,
// and each infusion walked from check-in to discharge with a PHQ-9 after it. The sessions are
// walked now, in order, whatever their booked dates: what the forecast reads is the order of
// doses and assessments.
import assert from 'node:assert/strict';
import { phq9 } from './outcomes.mjs';
import { validPatient } from './server.mjs';

const DAY = 86400e3;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Twelve three-infusion courses as PHQ-9 totals (baseline, then after each infusion): six respond.
// The forecast tests fit the clinic model on them (or on the first ten, which also mix outcomes).
export const TWELVE_COURSES = [
  [20, 14, 10, 8], [22, 18, 12, 9], [18, 15, 14, 8], [24, 20, 16, 10], [20, 19, 18, 10], [16, 10, 9, 6],
  [20, 14, 12, 12], [22, 20, 19, 18], [18, 17, 18, 16], [24, 21, 22, 20], [20, 12, 13, 14], [19, 18, 16, 15]];

// A Monday `weeksAhead` weeks ahead (the plan's first date).
export function mondayAhead(weeksAhead) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeksAhead + ((8 - d.getUTCDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}

// Answers that fire no screening rule: 46 years old (born 1980), treatment-resistant, nothing else.
export const clearIntake = (overrides = {}) => ({
  psychosis_current: false, psychosis_history: false, mania_current: false, bipolar_disorder: false,
  mood_stabiliser: false, ptsd: false, substance_use_disorder_current: false, alcohol_use_disorder: false,
  ketamine_pcp_misuse_history: false, recreational_ketamine_pcp_opioid_uses_past_year: 0,
  adequate_antidepressant_trials: 3, benzodiazepine_lorazepam_mg_per_day: 0, maoi: false, psychostimulant: false,
  opioid: false, sedative_hypnotic: false, hypertension: 'none', arrhythmia_significant: false,
  cerebrovascular_disease: 'none', aneurysmal_vascular_disease_or_avm: false, intracerebral_haemorrhage_history: false,
  raised_intracranial_pressure: false, cognitive_impairment: false, hypersensitivity_ketamine: false,
  pregnancy_status: 'not_pregnant', lactating: false, baseline_sbp: 124, baseline_dbp: 78, baseline_hr: 70,
  weight_kg: 68.5, baseline_phq9: 19, ...overrides,
});

// Walks one session from check-in to discharge (the infusion stopped at once: a test course).
export async function walkSession({ prescriber, nurse }, id) {
  const move = async (as, to, extra = {}) => {
    const r = await as('POST', `/api/v1/sessions/${id}/transitions`, { body: { to, ...extra } });
    assert.equal(r.status, 200, `${to}: ${r.text}`);
  };
  const confirmAll = async (list) => {
    const detail = (await nurse('GET', `/api/v1/sessions/${id}`)).json;
    const items = Object.fromEntries(detail[list === 'discharge' ? 'discharge_checklist' : list].map((item) => [item.id, true]));
    const r = await nurse('POST', `/api/v1/sessions/${id}/checklist`, { body: { list, items } });
    assert.equal(r.status, 200, r.text);
  };
  await move(nurse, 'checked_in');
  await confirmAll('pre_checks');
  const at = new Date().toISOString();
  await nurse('POST', `/api/v1/sessions/${id}/vitals`, { body: { readings: [['sbp', 124, 'mm[Hg]'], ['dbp', 78, 'mm[Hg]'], ['hr', 70, '/min']].map(([kind, value, unit]) => ({ kind, value, unit, at })) } });
  await move(nurse, 'ready');
  await move(nurse, 'dosing');
  await move(nurse, 'recovery', { reason: 'test course: infusion stopped at once', dose_given_mg: 0 });
  await confirmAll('discharge');
  await move(prescriber, 'discharged', { override_minimum: true, reason: 'test course' });
}

// `totals`: [baseline, after session 1, after session 2, ...]; a null after a session leaves it
// unassessed; `walked` sessions are walked of the `sessions` booked. Resolves with the patient's
// id and the plan.
export async function treatedCourse(clients, { totals, sessions = 3, walked = sessions, resource_id, weeksAhead = 1, patient = {} }) {
  const { prescriber, nurse } = clients;
  const patientId = (await prescriber('POST', '/api/v1/patients', { body: validPatient(patient) })).json.id;
  const screening = await nurse('POST', `/api/v1/patients/${patientId}/screenings`, { body: { protocol: 'iv_ketamine', intake: clearIntake() } });
  assert.equal(screening.status, 201, screening.text);
  const signed = await prescriber('POST', `/api/v1/screenings/${screening.json.id}/sign-off`, { body: { decision: 'approve' } });
  assert.equal(signed.status, 200, signed.text);
  const created = await prescriber('POST', `/api/v1/patients/${patientId}/plans`, {
    body: {
      screening_id: screening.json.id, indication: 'trd', protocol: 'iv_ketamine', dose_mg_per_kg: 0.5,
      concentration_mg_per_ml: 10, course: 'iv_6_twice_weekly', first_date: mondayAhead(weeksAhead), start_time: '09:00',
      resource_id, staff_ids: [], measurements: [{ instrument: 'phq9', when: 'before_every_session' }],
    },
  });
  assert.equal(created.status, 201, created.text);
  let plan = (await prescriber('POST', `/api/v1/plans/${created.json.id}/confirm`)).json;
  for (const a of plan.appointments.slice(sessions)) {
    const cancelled = await prescriber('PATCH', `/api/v1/appointments/${a.id}`, { body: { version: a.version, status: 'cancelled' } });
    assert.equal(cancelled.status, 200, cancelled.text);
  }
  const record = async (total, administered_at) => {
    const r = await nurse('POST', `/api/v1/patients/${patientId}/assessments`, { body: { instrument: 'phq9', answers: phq9(total), ...(administered_at && { administered_at }) } });
    assert.equal(r.status, 201, r.text);
  };
  await record(totals[0], new Date(Date.now() - DAY).toISOString());
  for (let k = 0; k < walked; k++) {
    await walkSession(clients, plan.appointments[k].treatment_session_id);
    await pause(2);  // the assessment after the dose, by the clock's milliseconds
    if (totals[k + 1] != null) await record(totals[k + 1]);
    await pause(2);
  }
  plan = (await prescriber('GET', `/api/v1/plans/${created.json.id}`)).json;
  return { patientId, plan };
}
