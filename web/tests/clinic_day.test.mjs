// A clinic's day on the screens, across roles, on the demo clinic: a nurse ends an IV infusion
// early with the reason and the dose given; a prescriber discharges before the minimum monitoring
// time with an explicit, reasoned override; the discharged session is found again on the chart
// with its vitals, alarm and phases; yesterday's esketamine REMS form is completed from its
// suggestions and marked sent; a therapist's KAP note picks its session; the researcher lands on
// a page it can use.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, makeDataDir, signIn, startServer } from '../../tests/support/server.mjs';
import { startSmtpServer, waitFor } from '../../tests/support/smtp.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, smtp, server, browser, nurse, prescriber, sessionId, jordan;

const now = () => new Date().toISOString();
const reading = (kind, value, unit) => ({ kind, value, unit, at: now() });

before(async () => {
  dataDir = makeDataDir();
  // The clinic's mail relay: a real SMTP server on this machine.
  smtp = await startSmtpServer();
  writeFileSync(join(dataDir, 'smtp.json'), smtp.smtpJson());
  server = await startServer(dataDir, ['--demo', '--outbox-every-seconds', '1']);
  prescriber = client(server.url, await signIn(server.url, 'demo.prescriber', PASSWORD));
  nurse = client(server.url, await signIn(server.url, 'demo.nurse', PASSWORD));
  jordan = (await prescriber('GET', '/api/v1/patients?query=Samplewood')).json.items[0];
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: jordan.id, protocol: 'iv_ketamine', scheduled_at: now(), chair: 'Chair 3', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1, lot_number: 'KET-77', lot_expiry: '2030-01-31' },
  });
  assert.equal(booked.status, 201, booked.text);
  sessionId = booked.json.id;
  const move = (to) => nurse('POST', `/api/v1/sessions/${sessionId}/transitions`, { body: { to } });
  assert.equal((await move('checked_in')).status, 200);
  const checks = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json.pre_checks;
  await nurse('POST', `/api/v1/sessions/${sessionId}/checklist`, { body: { list: 'pre_checks', items: Object.fromEntries(checks.map((c) => [c.id, true])) } });
  await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, {
    body: { readings: [reading('sbp', 128, 'mm[Hg]'), reading('dbp', 80, 'mm[Hg]'), reading('hr', 70, '/min'), reading('spo2', 98, '%'), reading('rr', 14, '/min')] },
  });
  assert.equal((await move('ready')).status, 200);
  assert.equal((await move('dosing')).status, 200);
  browser = await launchChromium();
});

after(async () => {
  await tearDown({ browser, server, dataDir });
  smtp?.stop();
});

const signedIn = (username, path, options = {}) => signedInPage(browser, server.url, username, path, { password: PASSWORD, ...options });

const phaseIs = (page, chair, phase) =>
  page.waitForFunction(
    ([c, p]) => [...document.querySelectorAll('article')].some((a) => a.getAttribute('aria-label')?.startsWith(c) && a.querySelector('[data-testid=phase]')?.textContent === p),
    [chair, phase],
  );

it('lets a nurse end an infusion early only with the reason and the dose actually given', async () => {
  const page = await signedIn('demo.nurse', '/sessions');
  const chair = page.getByRole('article', { name: /Chair 3: Samplewood, Jordan/ });
  await chair.waitFor();
  // A hypertensive response: the alarm, acknowledged with what was done.
  await nurse('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: [reading('sbp', 186, 'mm[Hg]'), reading('dbp', 98, 'mm[Hg]')] } });
  const alarm = chair.getByRole('alert').filter({ hasText: 'SBP 186' });
  await alarm.waitFor({ timeout: 5000 });
  await chair.getByLabel(/What was done about SBP 186/).fill('Infusion stopped, prescriber informed');
  await alarm.getByRole('button', { name: 'Acknowledge' }).click();
  await chair.locator('.alarm-acknowledged').waitFor();

  await chair.getByRole('button', { name: 'Recovery' }).click();
  const question = chair.getByRole('form', { name: 'End the infusion early (Chair 3)' });
  await question.waitFor();
  assert.match(await question.innerText(), /Planned: 41\.25 mg over 40 min, (39|40) min still to run/);
  // Neither question may be skipped, and more than the prescribed dose is not a dose given.
  await question.getByRole('button', { name: 'End infusion, start recovery' }).click();
  assert.equal(await question.getByLabel('Why does it end early?').evaluate((input) => input.validity.valueMissing), true);
  await question.getByLabel('Why does it end early?').fill('Hypertensive response, SBP 186');
  const given = question.getByLabel('Dose actually given (mg)');
  await given.fill('50');
  await question.getByRole('button', { name: 'End infusion, start recovery' }).click();
  assert.equal(await given.evaluate((input) => input.validity.rangeOverflow), true);
  assert.equal(await chair.getByTestId('phase').textContent(), 'dosing');
  await given.fill('6.5');
  await screenshot(page, '30-end-infusion-early');
  await question.getByRole('button', { name: 'End infusion, start recovery' }).click();
  await phaseIs(page, 'Chair 3', 'recovery');
  const record = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json;
  const ended = record.transitions.at(-1);
  assert.deepEqual([ended.to, ended.dose_given_mg, ended.reason, ended.by], ['recovery', 6.5, 'Hypertensive response, SBP 186', 'demo.nurse']);

  // A nurse may not override the minimum monitoring time; the chair says who may.
  assert.match(await chair.getByTestId('minimum-left').innerText(), /min of the protocol's minimum monitoring left \(clinic default\); only a prescriber may override it/);
  assert.equal(await chair.getByRole('button', { name: 'Override minimum time…' }).count(), 0);
  await page.close();
});

it('lets a prescriber discharge before the minimum time only as an explicit, reasoned override', async () => {
  const items = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json.discharge_checklist;
  await nurse('POST', `/api/v1/sessions/${sessionId}/checklist`, { body: { list: 'discharge', items: Object.fromEntries(items.map((c) => [c.id, true])) } });
  const page = await signedIn('demo.prescriber', '/sessions');
  const chair = page.getByRole('article', { name: /Chair 3: Samplewood, Jordan/ });
  await chair.waitFor();
  // Plain Discharge is refused by the rule, in words.
  await chair.getByRole('button', { name: 'Discharge' }).click();
  await chair.getByRole('status').filter({ hasText: /requires at least 90 min of monitoring/ }).waitFor();
  await chair.getByRole('button', { name: 'Override minimum time…' }).click();
  const question = chair.getByRole('form', { name: 'Override the minimum monitoring time (Chair 3)' });
  await question.getByLabel('Why may the patient leave early?').fill('Infusion stopped after 6.5 mg; stable for 30 min, escorted home');
  await screenshot(page, '31-prescriber-override');
  await question.getByRole('button', { name: 'Discharge now (prescriber override)' }).click();
  await chair.waitFor({ state: 'detached' });
  const last = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json.transitions.at(-1);
  assert.deepEqual([last.to, last.override_minimum, last.by], ['discharged', true, 'demo.prescriber']);
  await page.close();
});

it('finds the discharged session again on the chart, with its vitals, alarm and phases', async () => {
  const page = await signedIn('demo.nurse', `/patients/${jordan.id}`);
  const sessions = page.getByRole('region', { name: 'Treatment sessions' });
  const row = sessions.getByRole('row').filter({ hasText: 'Discharged' });
  await row.waitFor();
  assert.match(await row.innerText(), /IV racemic ketamine infusion\tChair 3\t41\.25 mg\tDischarged\t.+\t1 \(1 critical\)\t0$/);
  await screenshot(page, '32-chart-treatment-sessions');
  await row.getByRole('link').click();
  await page.getByRole('heading', { name: /^Treatment session, / }).waitFor();
  assert.equal(await page.getByTestId('record-phase').innerText(), 'Discharged');
  const alarms = page.getByRole('table', { name: 'Alarms' });
  assert.match(await alarms.innerText(), /SBP 186 mm\[Hg\] above 180 \(critical\).*demo\.nurse.*Infusion stopped, prescriber informed/s);
  const phases = await page.getByRole('table', { name: 'Phases' }).innerText();
  assert.match(phases, /Dosing → Recovery \(ended early: 6\.5 mg given\)\s+demo\.nurse\s+Hypertensive response, SBP 186/);
  assert.match(phases, /Recovery → Discharged \(minimum time overridden\)\s+demo\.prescriber/);
  // The vitals chart names every sign with its latest value and offers the readings as a table.
  const vitals = page.getByRole('img', { name: /^Vital signs over time\. 7 readings\. Latest: SBP 186 mmHg, DBP 98 mmHg, HR 70 \/min, RR 14 \/min, SpO₂ 98 %\.$/ });
  await vitals.waitFor();
  await page.getByText('Readings as a table').click();
  assert.equal(await page.locator('.vitals-figure tbody tr').count(), 7);
  await page.getByRole('img', { name: /^Predicted concentration: plasma peak \d+ ng\/mL/ }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'SPRAVATO REMS monitoring form' }).count(), 0, 'IV ketamine has no REMS form');
  await screenshot(page, '33-session-record');
  await page.close();
});

it('completes yesterday\'s REMS form from the record\'s suggestions and marks it sent', async () => {
  const page = await signedIn('demo.nurse', '/sessions');
  const forms = page.getByRole('region', { name: 'REMS monitoring forms to send' });
  const row = forms.getByRole('row').filter({ hasText: 'Mockridge, Quinn (MRN DEMO-0006)' });
  await row.waitFor();
  assert.match(await row.innerText(), /13 items missing/);
  assert.equal(await row.getByRole('button', { name: 'Mark sent' }).isDisabled(), true);
  await row.getByRole('link', { name: 'Complete the form' }).click();
  await page.getByRole('heading', { name: 'SPRAVATO REMS Patient Monitoring Form' }).waitFor();
  const missing = page.getByTestId('missing');
  assert.match(await missing.innerText(), /Benzodiazepines/);
  assert.doesNotMatch(await missing.innerText(), /_|concomitant/, 'the form\'s wording, not field names');
  // The record holds the lot, the three blood pressures and the discharge; the chart suggests the rest.
  const answers = page.getByRole('form', { name: 'REMS answers' });
  const group = (name) => answers.getByRole('group', { name, exact: true });
  assert.equal(await group('Sedation').getByLabel('Yes').isChecked(), true);
  assert.match(await group('Sedation').innerText(), /suggested from a MOAA\/S below 5/);
  assert.equal(await group('Dissociation').getByLabel('Yes').isChecked(), true);
  assert.equal(await answers.getByLabel('Healthcare professional who monitored the patient').inputValue(), 'demo.nurse');
  await screenshot(page, '34-rems-form-suggestions');
  for (const name of ['Benzodiazepines', 'Non-benzodiazepine sedative hypnotics', 'Psychostimulants', 'Monoamine oxidase inhibitors (MAOIs)', 'Opioids', 'Respiratory depression']) {
    await group(name).getByLabel('No').check();
  }
  for (const name of ['Vital signs acceptable before administration', 'Vital signs acceptable before session completion', 'Adverse effects resolved before the patient left']) {
    await group(name).getByLabel('Yes').check();
  }
  await answers.getByLabel(/ready to leave after/).fill('95');
  await answers.getByRole('button', { name: 'Save answers' }).click();
  await page.getByRole('status', { name: 'Form status' }).filter({ hasText: 'Complete' }).waitFor();
  await page.getByRole('button', { name: 'Mark sent' }).click();
  await page.getByRole('status', { name: 'Form status' }).filter({ hasText: 'Marked sent' }).waitFor();
  await screenshot(page, '35-rems-form-sent');
  assert.deepEqual((await nurse('GET', '/api/v1/monitoring-forms')).json.items, []);
  await page.close();
});

it('lets a therapist pick the KAP dosing session from the patient\'s sessions', async () => {
  const quinn = (await prescriber('GET', '/api/v1/patients?query=Mockridge')).json.items[0];
  const page = await signedIn('demo.therapist', `/patients/${quinn.id}`);
  await page.getByRole('button', { name: 'New note' }).click();
  const form = page.getByRole('form', { name: 'New therapy note' });
  await form.getByLabel('Template').selectOption('kap_dosing');
  const picker = form.getByLabel('Treatment session');
  const options = await picker.locator('option').allInnerTexts();
  assert.equal(options.length, 2);
  assert.match(options[1], /SPRAVATO|esketamine/i);
  await picker.selectOption({ index: 1 });
  await form.getByLabel("Patient's experience").fill('Felt detached, then calm; spoke of her brother.');
  await form.getByLabel('Safety observations').fill('MOAA/S 4 at 30 min; no distress.');
  await form.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('KAP dosing session').first().waitFor();
  await page.close();
});

it('changes a weight with a reason, in the form\'s words, without overwriting anyone', async () => {
  const page = await signedIn('demo.nurse', `/patients/${jordan.id}`);
  await page.getByRole('link', { name: 'Change record' }).click();
  await page.getByRole('heading', { name: "Change Samplewood, Jordan's record" }).waitFor();
  // A mistake is named by the form's label, not the API's field name.
  await page.getByLabel('Given name').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Given name must not be empty').waitFor();
  assert.equal(await page.getByText('given_name').count(), 0);
  await page.getByLabel('Given name').fill('Jordan');
  await page.getByLabel('Weight (kg)').fill('80.1');
  await page.getByLabel('Reason for the change').fill('weighed before today\'s infusion');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByTestId('weight').filter({ hasText: /^80\.1 kg · recorded .+ by demo\.nurse$/ }).waitFor();
  const history = page.getByRole('table', { name: 'Record history' });
  assert.match(await history.getByRole('row').nth(1).innerText(), /^2\t.+\tdemo\.nurse\tWeight \(kg\)\tweighed before today's infusion$/);
  await screenshot(page, '37-weight-changed');

  // Someone else changes the record while the form is open: the save is refused, nothing lost.
  await page.getByRole('link', { name: 'Change record' }).click();
  await page.getByLabel('Phone', { exact: true }).fill('+1 555 010 0123');
  const current = await prescriber('GET', `/api/v1/patients/${jordan.id}`);
  await prescriber('PATCH', `/api/v1/patients/${jordan.id}`, { body: { height_cm: 180 }, headers: { 'If-Match': current.headers.get('etag') } });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Someone changed this record after you opened it').waitFor();
  const after = (await prescriber('GET', `/api/v1/patients/${jordan.id}`)).json;
  assert.deepEqual([after.height_cm, after.phone, after.weight_kg], [180, null, 80.1]);
  await page.close();
});

it('lets the front desk book, move by keyboard and cancel a single appointment, chairs in order', async () => {
  // A Monday two weeks ahead, inside the demo clinic's opening hours.
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 14 + ((8 - d.getUTCDay()) % 7));
  const monday = d.toISOString().slice(0, 10);
  const page = await signedIn('demo.frontdesk', `/schedule?week=${monday}`);
  page.on('dialog', (dialog) => dialog.accept());
  const book = async (name, start) => {
    await page.getByRole('button', { name: 'Book an appointment' }).click();
    const form = page.getByRole('form', { name: 'Book an appointment' });
    await form.getByLabel('Patient (name or MRN)').fill(name);
    await form.getByRole('list', { name: 'Matching patients' }).getByRole('button').first().click();
    await form.getByLabel('Type').selectOption({ label: 'Consultation (60 min)' });
    await form.getByLabel('Date').fill(monday);
    await form.getByLabel('Start').fill(start);
    await form.getByRole('button', { name: 'Book' }).click();
    return form;
  };
  await book('Samplewood', '10:00');
  await page.getByRole('status').filter({ hasText: `Consultation booked for Samplewood, Jordan on ${monday} at 10:00.` }).waitFor();
  // The room is taken half an hour later: the form says by what, and nothing is booked.
  const refused = await book('DEMO-0006', '10:30');
  await refused.getByRole('alert').filter({ hasText: /^Therapy room is already booked .* 10:00-11:00/ }).waitFor();
  await screenshot(page, '38-booking-conflict');
  await refused.getByRole('button', { name: 'Close' }).click();

  // The day view: a column per chair and room, in order.
  await page.getByLabel('View').selectOption('1');
  const heads = await page.locator('.day-head').allTextContents();
  assert.deepEqual(heads, ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4', 'Chair 5', 'Chair 6', 'Therapy room']);
  const block = page.getByLabel(`Therapy room ${monday}`).getByTestId('appointment');
  assert.match(await block.getAttribute('aria-label'), /^Consultation \S+ 10:00, Samplewood, Jordan, Therapy room$/);
  // Opened and moved with the keyboard alone.
  await block.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Appointment: Consultation' });
  await panel.getByLabel('Start').fill('13:00');
  await panel.getByLabel('Start').press('Enter');
  await page.getByRole('status').filter({ hasText: `Moved to ${monday} 13:00.` }).waitFor();
  await page.getByLabel(`Therapy room ${monday}`).getByTestId('appointment').filter({ hasText: '13:00' }).waitFor();
  await screenshot(page, '39-day-view-by-chair');
  await page.getByLabel(`Therapy room ${monday}`).getByTestId('appointment').click();
  await page.getByRole('dialog', { name: 'Appointment: Consultation' }).getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('status').filter({ hasText: 'Appointment cancelled.' }).waitFor();
  const tuesday = new Date(Date.parse(`${monday}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const calendar = (await prescriber('GET', `/api/v1/calendar?from=${monday}&to=${tuesday}`)).json;
  assert.ok(!calendar.appointments.some((a) => a.type === 'consultation' && a.status === 'confirmed'));
  await page.close();
});

// The clinic's date at an instant, on its clock (the demo clinic's zone).
const clinicDate = (at = new Date(), timeZone = 'America/New_York') => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

it("opens the calendar on the clinic's today, whatever day the browser's own clock says it is", async () => {
  const today = clinicDate();
  // UTC+14 and UTC-12 are 26 hours apart, so at any moment one of them is on another date than
  // the clinic: the browser is put there.
  const timezoneId = ['Pacific/Kiritimati', 'Etc/GMT+12'].find((zone) => clinicDate(new Date(), zone) !== today);
  const page = await signedIn('demo.frontdesk', '/schedule', { timezoneId });
  await page.getByRole('heading', { name: 'Schedule' }).waitFor();
  await page.getByLabel('View').selectOption('1');
  await page.getByText(`${today} · clinic time (America/New_York)`).waitFor();
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByRole('button', { name: 'Today' }).click();
  await page.getByText(`${today} · clinic time (America/New_York)`).waitFor();
  await page.close();
});

it('draws a session that runs past midnight on both of its days, each part inside its day', async () => {
  // 23:50 on the clinic's clock, on a Tuesday three weeks ahead: the infusion ends after midnight.
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 21 + ((9 - d.getUTCDay()) % 7));
  const tuesday = d.toISOString().slice(0, 10);
  const lateEvening = [4, 5].map((hours) => new Date(Date.parse(`${tuesday}T23:50:00Z`) + hours * 3600e3))
    .find((at) => clinicDate(at) === tuesday && new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', timeStyle: 'short' }).format(at) === '23:50');
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: jordan.id, protocol: 'iv_ketamine', scheduled_at: lateEvening.toISOString(), chair: 'Chair 6', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 },
  });
  assert.equal(booked.status, 201, booked.text);
  const page = await signedIn('demo.frontdesk', `/schedule?week=${tuesday}`);
  const label = `IV ketamine infusion ${tuesday} 23:50, Samplewood, Jordan, Chair 6`;
  const first = page.getByLabel(`Day ${tuesday}`).getByRole('button', { name: label, exact: true });
  const wednesday = clinicDate(new Date(lateEvening.getTime() + 86400e3));
  const rest = page.getByLabel(`Day ${wednesday}`).getByRole('button', { name: `Continued: ${label}`, exact: true });
  await first.waitFor();
  await rest.waitFor();
  assert.match(await rest.textContent(), /^until \d\d:\d\d IV ketamine infusion/);
  const edges = async (locator) => {
    const { y, height } = await locator.boundingBox();
    return { top: y, bottom: y + height };
  };
  // Each part inside its day: the first ends at midnight, the bottom of its day; the rest starts
  // at 00:00, the top of the next.
  const tuesdayBody = await edges(page.getByLabel(`Day ${tuesday}`).locator('.day-body'));
  const wednesdayBody = await edges(page.getByLabel(`Day ${wednesday}`).locator('.day-body'));
  const [firstBox, restBox] = [await edges(first), await edges(rest)];
  assert.ok(firstBox.top >= tuesdayBody.top && Math.abs(firstBox.bottom - tuesdayBody.bottom) < 0.5, JSON.stringify({ firstBox, tuesdayBody }));
  assert.ok(Math.abs(restBox.top - wednesdayBody.top) < 0.5 && restBox.bottom <= wednesdayBody.bottom, JSON.stringify({ restBox, wednesdayBody }));
  await screenshot(page, '76-past-midnight');
  // Opening the continued part opens the appointment; it cannot be dragged from there.
  assert.equal(await rest.getAttribute('draggable'), 'false');
  await rest.click();
  await page.getByRole('dialog', { name: 'Appointment: IV ketamine infusion' }).waitFor();
  await page.close();
});

it('lets an admin read the audit trail by MRN, with names, without monitor noise, and export it', async () => {
  const page = await signedIn('demo.admin', '/admin/audit');
  await page.getByLabel('Patient MRN').fill('DEMO-0002');
  await page.getByLabel('Action').selectOption({ label: 'Treatment sessions' });
  await page.getByRole('button', { name: 'Filter' }).click();
  const table = page.getByRole('table', { name: 'Audit trail' });
  await table.getByRole('row').filter({ hasText: 'session.transition' }).first().waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.ok(rows.length > 3 && rows.every((r) => /\tsession\.\w+\t/.test(r)), rows.join('\n'));
  // About the patient by name and MRN, or a list (the nurse station's chairs) that showed them.
  const lists = rows.filter((r) => !r.includes('Samplewood, Jordan (MRN DEMO-0002)'));
  assert.ok(lists.length < rows.length && lists.every((r) => /\d+ patients shown/.test(r)), lists.join('\n'));
  assert.equal(await table.getByText('vitals.record').count(), 0);
  await screenshot(page, '40-audit-by-mrn');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, rows.length + 1, 'the file holds what the screen shows');
  assert.equal(lines.slice(1).filter((l) => l.includes(',DEMO-0002,"Samplewood, Jordan",')).length, rows.length - lists.length);
  await page.close();
});

it('lets an admin create a staff account, whose member sets a password by link; deactivate it; add a chair', async () => {
  const page = await signedIn('demo.admin', '/admin');
  await page.getByRole('heading', { name: 'Staff accounts' }).waitFor();
  page.on('dialog', (dialog) => dialog.accept());
  const form = page.getByRole('form', { name: 'New staff account' });
  // A refusal in words, not field names.
  await form.getByLabel('Username').fill('Sam Nurse');
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('alert').filter({ hasText: /^Username must be 2 to 64 characters/ }).waitFor();
  await form.getByLabel('Username').fill('sam.nurse');
  await form.getByLabel('Role').selectOption('nurse');
  await form.getByRole('button', { name: 'Create account' }).click();
  const link = await page.getByLabel('Password link for sam.nurse').inputValue();
  assert.match(link, /\/set-password\/[A-Za-z0-9_-]{43}$/);
  await screenshot(page, '41-staff-created');

  // The new nurse opens the link, sets a password, signs in.
  const member = await browser.newPage();
  await member.goto(link);
  await member.getByLabel('New password (at least 12 characters)').fill('sam chooses a long one');
  await member.getByLabel('The same again').fill('sam chooses a long one');
  await member.getByRole('button', { name: 'Set password' }).click();
  await member.getByRole('status').filter({ hasText: 'Your password is set.' }).waitFor();
  await member.getByRole('link', { name: 'Sign in' }).click();
  await member.getByLabel('Username').fill('sam.nurse');
  await member.getByLabel('Password').fill('sam chooses a long one');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await member.getByTestId('signed-in-as').filter({ hasText: 'sam.nurse' }).waitFor();

  // Deactivated: signed out at the next request, and the row stays.
  const row = page.getByRole('table', { name: 'Staff accounts' }).getByRole('row').filter({ hasText: 'sam.nurse' });
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await row.getByText('deactivated').waitFor();
  await member.reload();
  await member.getByLabel('Username').waitFor();
  // The last admin cannot step down.
  const self = page.getByRole('table', { name: 'Staff accounts' }).getByRole('row').filter({ hasText: 'demo.admin' });
  await self.getByLabel('Role of demo.admin').selectOption('nurse');
  await page.getByRole('alert').filter({ hasText: 'demo.admin is the only active admin' }).waitFor();

  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Chairs, rooms and monitors' }).click();
  const add = page.getByRole('form', { name: 'Add a chair or room' });
  await add.getByLabel('Name').fill('Chair 7');
  await add.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('button', { name: 'Take Chair 7 out of use' }).waitFor();
  const monitor = page.getByRole('form', { name: 'Register a monitor' });
  await monitor.getByLabel('Device id').fill('monitor-chair-7');
  await monitor.getByRole('button', { name: 'Register' }).click();
  assert.match(await page.getByLabel('Token for monitor-chair-7').inputValue(), /^[A-Za-z0-9_-]{43}$/);
  await page.getByRole('list', { name: 'Registered monitors' }).getByText('monitor-chair-7').waitFor();
  await screenshot(page, '42-chairs-and-monitors');
  // Out of use and revoked, from the same screen.
  await page.getByRole('button', { name: 'Take Chair 7 out of use' }).click();
  await page.getByRole('list', { name: 'Chairs and rooms' }).getByText('(chair, not in use)').waitFor();
  await page.getByRole('button', { name: 'Revoke monitor-chair-7' }).click();
  await page.getByRole('status').filter({ hasText: 'monitor-chair-7 revoked.' }).waitFor();
  // The list is read again after the status shows: wait for it, rather than racing it.
  await page.getByRole('list', { name: 'Registered monitors' }).getByText('monitor-chair-7').waitFor({ state: 'detached' });
  assert.ok((await prescriber('GET', '/api/v1/resources')).json.items.some((r) => r.id === 'chair-7' && r.name === 'Chair 7' && !r.active));
  await member.close();
  await page.close();
});

it('shows the front desk the messages to send by hand, late ones flagged, and marks one sent', async () => {
  const page = await signedIn('demo.frontdesk', '/messages');
  const table = page.getByRole('table', { name: 'To send by hand today' });
  const rows = table.getByRole('row').filter({ hasText: 'Samplewood, Jordan (MRN DEMO-0002)' });
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2, 'the infusion booked this morning: escort home, no driving');
  assert.ok((await rows.allInnerTexts()).every((r) => r.includes('LATE')), 'due before it was booked: flagged, never silently late');
  await screenshot(page, '43-messages-by-hand');
  await rows.filter({ hasText: 'accompany you home' }).getByRole('button', { name: 'Mark sent' }).click();
  await page.getByRole('status').filter({ hasText: 'Sent: A responsible adult must accompany you home' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="To send by hand today"] tbody tr').length === 1);
  await page.close();
});

it('lets the front desk set a clinician\'s working hours, refusing a day it cannot read', async () => {
  const page = await signedIn('demo.frontdesk', '/admin/hours');
  const saturday = page.getByLabel('Sat hours of demo.therapist');
  await saturday.fill('9am to noon');
  await page.getByRole('button', { name: 'Save the hours of demo.therapist' }).click();
  await page.getByRole('alert').filter({ hasText: 'Write Sat as 08:00-17:00' }).waitFor();
  await saturday.fill('09:00-12:00, 13:00-15:00');
  await page.getByRole('button', { name: 'Save the hours of demo.therapist' }).click();
  await page.getByRole('status').filter({ hasText: 'Hours of demo.therapist saved.' }).waitFor();
  const rota = (await prescriber('GET', '/api/v1/rota')).json.items.find((s) => s.username === 'demo.therapist');
  assert.deepEqual(rota.hours.filter((h) => h.weekday === 'sat'), [{ weekday: 'sat', start: '09:00', end: '12:00' }, { weekday: 'sat', start: '13:00', end: '15:00' }]);
  assert.equal(rota.hours.filter((h) => h.weekday === 'mon').length, 1, 'the other days kept');
  await screenshot(page, '44-working-hours');
  await page.close();
});

it('e-mails a patient\'s instructions once the front desk has their address', async () => {
  const riley = (await prescriber('GET', '/api/v1/patients?query=Fictionson')).json.items[0];
  const page = await signedIn('demo.frontdesk', `/patients/${riley.id}/edit`);
  await page.getByLabel('Email').fill('riley.fictionson@example.org');
  await page.getByLabel('Reason for the change').fill('gave her e-mail at the desk');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByTestId('patient-name').waitFor();
  const tomorrow = new Date(Date.now() + 20 * 3600e3).toISOString();
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: riley.id, protocol: 'iv_ketamine', scheduled_at: tomorrow, chair: 'Chair 5', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 },
  });
  assert.equal(booked.status, 201, booked.text);
  const received = await waitFor(() => {
    const hers = smtp.mails().filter((m) => /^To: <riley\.fictionson@example\.org>$/m.test(m));
    return hers.length >= 2 ? hers : null;
  }, 'her two instructions');
  assert.ok(received.some((m) => m.includes('A responsible adult must accompany you home after your treatment.')));
  // Sent, so not on the front desk's list.
  await page.goto(server.url + '/messages');
  await page.getByRole('heading', { name: 'Patient messages' }).waitFor();
  assert.equal(await page.getByRole('row').filter({ hasText: 'Fictionson, Riley' }).count(), 0);
  await page.close();
});

it('lets an admin change the clinic\'s crisis text and an instruction, refusing a zone it does not know', async () => {
  const page = await signedIn('demo.admin', '/admin/settings');
  const zone = page.getByLabel(/^Clinic time zone/);
  await zone.waitFor();
  assert.equal(await zone.inputValue(), 'America/New_York');
  await zone.fill('Eastern Time');
  const crisis = page.getByLabel(/^Shown to a patient at once/);
  await crisis.fill('If you feel unsafe, call 911 or the clinic\'s after-hours line, 555-0199, or call or text 988.');
  const escort = page.getByRole('group', { name: /^Escort home/ });
  await escort.getByLabel('Text').fill('Please come with an adult who can take you home.');
  await escort.getByLabel('Hours before').fill('72');
  await page.getByRole('button', { name: 'Save settings' }).click();
  // Refused whole: the zone says why beside it, and nothing else was stored either.
  await page.getByRole('alert').filter({ hasText: /^Nothing was saved: Time zone: .*no zone 'Eastern Time'/ }).waitFor();
  assert.equal(await zone.getAttribute('aria-invalid'), 'true');
  const admin = client(server.url, await signIn(server.url, 'demo.admin', PASSWORD));
  const stored = (await admin('GET', '/api/v1/settings')).json;
  assert.equal(stored.crisis_text.includes('555-0199'), false);
  assert.equal(stored.instructions.find((i) => i.id === 'escort_home').send_hours_before, 48);
  await screenshot(page, '45-settings-refused');
  await zone.fill('America/New_York');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: /^Settings saved\./ }).waitFor();
  await screenshot(page, '46-settings-saved');
  // In use at once: a patient's link shows the new crisis text, a new booking queues the new instruction.
  const link = await nurse('POST', `/api/v1/patients/${jordan.id}/assessment-links`, { body: { instruments: ['phq9'] } });
  const opened = await client(server.url)('GET', `/api/v1/links/${link.json.url.split('/').pop()}`);
  assert.match(opened.json.crisis_text, /555-0199/);
  const casey = (await prescriber('GET', '/api/v1/patients?query=DEMO-0004')).json.items[0];
  const nextWeek = new Date(Date.now() + 7 * 86400e3).toISOString();
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: casey.id, protocol: 'iv_ketamine', scheduled_at: nextWeek, chair: 'Chair 6', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 },
  });
  assert.equal(booked.status, 201, booked.text);
  const queued = (await prescriber('GET', '/api/v1/outbox')).json.items.filter((m) => m.patient_id === casey.id && m.instruction === 'escort_home');
  assert.deepEqual(queued.map((m) => [m.text, Date.parse(nextWeek) - Date.parse(m.send_after)]), [['Please come with an adult who can take you home.', 72 * 3600e3]]);
  await page.close();
});

// Presses Tab until the focused control is the one named ("Chair 4: … › Check in" inside a chair
// card or a named section; " [checkbox]" after a checkbox); fails when Tab never reaches it.
async function tabTo(page, name, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      const own = (e.getAttribute('aria-label') || e.labels?.[0]?.innerText || e.innerText || '').trim().split('\n')[0];
      const kind = e.type === 'checkbox' ? ' [checkbox]' : '';
      const card = e.closest('article, section[aria-label]')?.getAttribute('aria-label');
      return (card ? `${card} › ${own}` : own) + kind;
    });
    if (name.test(focused)) return focused;
  }
  throw new Error(`Tab never reached ${name}`);
}

it('walks the sign-in, a chair card, the chart and the calendar with the keyboard alone', async () => {
  const casey = (await prescriber('GET', '/api/v1/patients?query=DEMO-0005')).json.items[0];
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: casey.id, protocol: 'iv_ketamine', scheduled_at: now(), chair: 'Chair 4', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 },
  });
  assert.equal(booked.status, 201, booked.text);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(server.url + '/sessions');
  await tabTo(page, /^Username/);
  await page.keyboard.type('demo.nurse');
  await tabTo(page, /^Password/);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Nurse station' }).waitFor();

  // The chair card: check the patient in, then tick the first pre-dose check with Space.
  await tabTo(page, /^Chair 4: .* › Check in$/);
  await page.keyboard.press('Enter');
  await phaseIs(page, 'Chair 4', 'checked in');
  await tabTo(page, /^Chair 4: .* › .* \[checkbox\]$/);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.activeElement.checked === true);

  // The chart, found by search, and a past session opened from it.
  await tabTo(page, /^Patients$/);
  await page.keyboard.press('Enter');
  await tabTo(page, /^Search patients/);
  await page.keyboard.type('Samplewood');
  await tabTo(page, /^Samplewood, Jordan/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Samplewood, Jordan' }).waitFor();
  await tabTo(page, /^Treatment sessions › /);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /^Treatment session/ }).waitFor();

  // The calendar: today's session opened from its block, the panel closed with Escape.
  await tabTo(page, /^Schedule$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Schedule' }).waitFor();
  await page.waitForLoadState('networkidle');
  // However early or late a session was booked, it is drawn inside its day, not over the page.
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll('.appointment')].filter((a) => {
      const day = a.closest('.day-body').getBoundingClientRect();
      const box = a.getBoundingClientRect();
      return box.top < day.top - 0.5 || box.bottom > day.bottom + 0.5;
    }).length,
  );
  assert.equal(outside, 0);
  // Sessions at the same time sit side by side, neither hiding the other.
  const boxes = await page.locator('.appointment').evaluateAll((all) => all.map((a) => a.getBoundingClientRect().toJSON()));
  const overlapping = boxes.filter((p, i) => boxes.some((q, j) => j > i && p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1));
  assert.deepEqual(overlapping, []);
  const block = await tabTo(page, /^IV ketamine infusion \S+ \S+, .*, Chair 4$/, 200);
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Appointment: IV ketamine infusion' });
  await panel.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'dialog', 'the panel takes the focus');
  await screenshot(page, '47-keyboard-calendar');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), block, 'the focus goes back to the appointment');
  await page.close();
});

// No control without a name, on every screen of the day (axe-core's rules, run in the page).
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
async function unnamedControls(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'rule', values: ['label', 'button-name', 'select-name', 'link-name', 'image-alt', 'input-button-name', 'aria-input-field-name', 'frame-title'] },
    }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

it('names every control on every screen of the day (axe-core)', async () => {
  const quinn = (await prescriber('GET', '/api/v1/patients?query=Mockridge')).json.items[0];
  const quinnSession = (await nurse('GET', `/api/v1/patients/${quinn.id}/sessions`)).json.items[0].id;
  const screens = [
    ['demo.nurse', '/sessions', 'Nurse station'],
    ['demo.nurse', `/patients/${jordan.id}`, 'Samplewood, Jordan'],
    ['demo.nurse', `/patients/${jordan.id}/sessions/${sessionId}`, /^Treatment session/],
    ['demo.nurse', `/sessions/${quinnSession}/monitoring-form`, 'SPRAVATO REMS Patient Monitoring Form'],
    ['demo.nurse', `/patients/${jordan.id}/edit`, /^Change /],
    ['demo.frontdesk', '/schedule', 'Schedule'],
    ['demo.frontdesk', '/messages', 'Patient messages'],
    ['demo.admin', '/admin/staff', 'Staff accounts'],
    ['demo.admin', '/admin/places', 'Chairs, rooms and monitors'],
    ['demo.admin', '/admin/hours', 'Working hours'],
    ['demo.admin', '/admin/audit', 'Audit trail'],
    ['demo.admin', '/admin/settings', 'Clinic settings'],
  ];
  // The check itself finds an unnamed control when there is one.
  const probe = await browser.newPage();
  await probe.setContent('<main><input type="text"><button></button></main>');
  assert.deepEqual((await unnamedControls(probe)).sort(), ['button-name: button', 'label: input']);
  await probe.close();
  const found = [];
  for (const [who, path, heading] of screens) {
    const page = await signedIn(who, path, { bypassCSP: true });
    await page.getByRole('heading', { name: heading }).first().waitFor();
    await page.waitForLoadState('networkidle');
    for (const problem of await unnamedControls(page)) found.push(`${path}: ${problem}`);
    await page.close();
  }
  assert.deepEqual(found, []);
});

it('lands the researcher on a page it can use and never shows a raw permission rule', async () => {
  const page = await signedIn('demo.researcher', '/');
  await page.getByRole('heading', { name: 'Outcomes' }).waitFor();
  await page.goto(server.url + '/patients');
  await page.getByRole('heading', { name: 'Not a page for your role' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /read_patients|may not/);
  await screenshot(page, '36-researcher-start');
  await page.close();
});
