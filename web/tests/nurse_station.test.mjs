// The nurse station as a nurse uses it: a monitor pushes SBP 185 into a dosing session, the chair
// turns red with a critical alarm within moments (over the live feed, no reload), the nurse
// acknowledges it with what she did, and it is in the session record.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, tearDown } from './chromium.mjs';
import { client, dosingSession, makeDataDir, signIn, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser, page, nurse, prescriber, monitor, sessionId;

const now = () => new Date().toISOString();
const bp = (sbp, dbp) => [
  { kind: 'sbp', value: sbp, unit: 'mm[Hg]', at: now() },
  { kind: 'dbp', value: dbp, unit: 'mm[Hg]', at: now() },
];

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  prescriber = client(server.url, await signIn(server.url, 'demo.prescriber', PASSWORD));
  const admin = client(server.url, await signIn(server.url, 'demo.admin', PASSWORD));
  nurse = client(server.url, await signIn(server.url, 'demo.nurse', PASSWORD));
  ({ sessionId, monitor } = await dosingSession(server.url, { prescriber, nurse, admin }, { query: 'Avery', chair: 'Chair 4', device: 'chair-4-monitor' }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

after(() => tearDown({ browser, server, dataDir }));

const shot = (name) => screenshot(page, name);

it('shows a critical blood pressure at once and keeps the acknowledgement in the record', async () => {
  await page.goto(server.url + '/sessions');
  await page.getByLabel('Username').fill('demo.nurse');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Nurse station' }).waitFor();
  const chair = page.getByRole('article', { name: /Chair 4: Demopatient, Avery/ });
  await chair.waitFor();
  assert.equal(await chair.getByTestId('phase').textContent(), 'dosing');
  await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor();
  assert.equal(await chair.getByTestId('vital-sbp').innerText(), '126');
  await shot('20-nurse-station');

  // The monitor sends SBP 185: the page was not reloaded, the feed brings it.
  const posted = await monitor('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: bp(185, 96) } });
  assert.equal(posted.status, 200);
  const alarm = chair.getByRole('alert').filter({ hasText: 'SBP 185 mm[Hg] above 180 (critical)' });
  await alarm.waitFor({ timeout: 5000 });
  assert.equal(await chair.getByTestId('vital-sbp').innerText(), '185');
  assert.match(await chair.getAttribute('class'), /chair-critical/);
  await shot('21-nurse-station-critical-alarm');

  await chair.getByLabel('What was done about SBP 185 mm[Hg] above 180 (critical)').fill('Infusion paused, prescriber at bedside, repeat BP in 5 min');
  await alarm.getByRole('button', { name: 'Acknowledge' }).click();
  await chair.locator('.alarm-acknowledged').filter({ hasText: 'acknowledged by demo.nurse' }).waitFor();
  assert.doesNotMatch(await chair.getAttribute('class'), /chair-critical/);
  await shot('22-nurse-station-acknowledged');

  // Sedation from the chair.
  await chair.getByText('Record sedation, side effects, dissociation').click();
  await chair.getByLabel('MOAA/S (Chair 4)').selectOption('4');
  await chair.getByRole('button', { name: 'Record MOAA/S' }).click();
  await chair.getByRole('status').filter({ hasText: 'MOAA/S 4 recorded' }).waitFor();

  const record = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json;
  assert.deepEqual(record.events.map((e) => [e.kind, e.record.moaas, e.by]), [['sedation', 4, 'demo.nurse']]);
  const kept = record.alarms.find((a) => a.rule_id === 'sbp_critical_high');
  assert.equal(kept.acknowledged_by, 'demo.nurse');
  assert.equal(kept.action, 'Infusion paused, prescriber at bedside, repeat BP in 5 min');
  assert.equal(kept.status, 'acknowledged'); // still 185: acknowledged, not cleared
});

it('lets the nurse check a patient in, tick the pre-dose checks, enter vitals and start dosing', async () => {
  const patient = (await prescriber('GET', '/api/v1/patients?query=Jordan')).json.items[0];
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: patient.id, protocol: 'iv_ketamine', scheduled_at: now(), chair: 'Chair 5', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 1 },
  });
  assert.equal(booked.status, 201, booked.text);
  const chair = page.getByRole('article', { name: /Chair 5: Samplewood, Jordan/ });
  await chair.waitFor();  // booked elsewhere: the feed brought it here without a reload
  const phase = () => chair.getByTestId('phase').textContent();

  await chair.getByRole('button', { name: 'Check in' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('article')].some((a) => a.getAttribute('aria-label')?.startsWith('Chair 5') && a.querySelector('[data-testid=phase]')?.textContent === 'checked in'));
  // Not ready yet: the server says why, on the chair.
  await chair.getByRole('button', { name: 'Ready' }).click();
  await chair.getByRole('status').filter({ hasText: 'pre-dose checks not confirmed' }).waitFor();

  const boxes = chair.getByRole('group', { name: 'Pre-dose checks' }).getByRole('checkbox');
  const count = await boxes.count();
  assert.equal(count, 5);
  for (let i = 0; i < count; i++) {
    await boxes.nth(i).check();
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('article[aria-label^="Chair 5"] fieldset input:checked')].length >= n,
      i + 1,
    );
  }
  await chair.getByLabel('SBP (Chair 5)').fill('128');
  await chair.getByLabel('DBP (Chair 5)').fill('80');
  await chair.getByLabel('HR (Chair 5)').fill('70');
  await chair.getByRole('button', { name: 'Record vitals' }).click();
  await chair.getByRole('status').filter({ hasText: '3 readings recorded' }).waitFor();
  await shot('23-nurse-station-check-in');

  await chair.getByRole('button', { name: 'Ready' }).click();
  await chair.getByRole('button', { name: 'Start dosing' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('article')].some((a) => a.getAttribute('aria-label')?.startsWith('Chair 5') && a.querySelector('[data-testid=phase]')?.textContent === 'dosing'));
  assert.equal(await phase(), 'dosing');
  assert.match(await chair.getByTestId('vitals-due').innerText(), /next BP in (9|10) min \(every 10 min\)/);

  const record = (await nurse('GET', `/api/v1/sessions/${booked.json.id}`)).json;
  assert.deepEqual(record.transitions.map((t) => [t.to, t.by]), [['checked_in', 'demo.nurse'], ['ready', 'demo.nurse'], ['dosing', 'demo.nurse']]);
  assert.ok(record.pre_checks.every((c) => c.confirmed && c.by === 'demo.nurse'));
  assert.deepEqual(record.vitals.map((v) => [v.kind, v.value, v.device_id]).sort(), [['dbp', 80, 'manual:demo.nurse'], ['hr', 70, 'manual:demo.nurse'], ['sbp', 128, 'manual:demo.nurse']]);

  // Away from the nurse station, an alarm nobody has acknowledged still shows on every page.
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('heading', { name: 'Patients' }).waitFor();
  // The server publishes the alarm before it writes it, so the list the banner reads on hearing it
  // may be from before the write (three clean-clone CI runs met that, never a local one). Here
  // every list read answers from before the alarm: the banner must show it from the frame alone.
  const beforeAlarm = await nurse('GET', '/api/v1/sessions');
  assert.equal(beforeAlarm.json.items.find((s) => s.id === booked.json.id).open_alarms.length, 0);
  await page.route('**/api/v1/sessions', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: beforeAlarm.text }));
  try {
    await nurse('POST', `/api/v1/sessions/${booked.json.id}/vitals`, { body: { readings: [{ kind: 'sbp', value: 191, unit: 'mm[Hg]', at: now() }] } });
    const banner = page.getByRole('alert', { name: 'Session alarms' });
    await banner.filter({ hasText: 'Chair 5 (Samplewood, Jordan): SBP 191 mm[Hg] above 180 (critical)' }).waitFor({ timeout: 5000 });
  } finally {
    await page.unroute('**/api/v1/sessions');
  }
  await shot('24-session-alarm-banner-elsewhere');

});

it('draws the predicted curve on the chair, and says when the route\'s absorption is an assumption', async () => {
  await page.goto(server.url + '/sessions');
  const iv = page.getByRole('article', { name: /Chair 4: Demopatient, Avery/ });
  const ivCaption = iv.locator('figure.prediction figcaption');
  await ivCaption.filter({ hasText: 'Predicted (kamp2020, typical values)' }).waitFor();
  assert.equal(await iv.locator('.route-assumption').count(), 0);

  const patient = (await prescriber('GET', '/api/v1/patients?query=Riley')).json.items[0];
  const booked = await prescriber('POST', '/api/v1/sessions', {
    body: { patient_id: patient.id, protocol: 'im_ketamine', scheduled_at: now(), chair: 'Chair 6', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 50 },
  });
  assert.equal(booked.status, 201, booked.text);
  const im = page.getByRole('article', { name: /Chair 6: Fictionson, Riley/ });
  await im.locator('.route-assumption').filter({ hasText: /^ ?Intramuscular: F 0\.93.*ASSUMPTION/ }).waitFor();
  await shot('25-nurse-station-im-prediction');
});
