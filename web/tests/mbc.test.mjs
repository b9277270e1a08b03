// Measurement-based care as people use it: a nurse sends a PHQ-9 link, a patient answers it on a
// phone-sized screen, endorses item 9 and sees the crisis text, and the nurse sees the alert and
// acknowledges it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, tearDown } from './chromium.mjs';
import { makeDataDir, startServer } from '../../tests/support/server.mjs';

let dataDir, server, browser, nurse, patient;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  browser = await launchChromium();
  nurse = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  patient = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
});

after(() => tearDown({ browser, server, dataDir }));

it('sends a PHQ-9 link, shows crisis text to the patient, and alerts the care team', async () => {
  await nurse.goto(server.url + '/');
  await nurse.getByLabel('Username').fill('demo.nurse');
  await nurse.getByLabel('Password').fill('plasticity-demo');
  await nurse.getByRole('button', { name: 'Sign in' }).click();
  await nurse.getByRole('link', { name: 'Demopatient, Avery' }).click();
  await nurse.getByRole('heading', { name: 'Send a self-report link' }).waitFor();
  await nurse.locator('input[name=link_phq9]').check();
  await nurse.getByRole('button', { name: 'Create link' }).click();
  const url = await nurse.getByTestId('link-url').inputValue();
  assert.match(url, /\/q\/[A-Za-z0-9_-]{43}$/);
  await nurse.getByAltText('QR code of the link').waitFor();

  await patient.goto(url);
  await patient.getByRole('heading', { name: /PHQ-9/ }).waitFor();
  assert.ok(!(await patient.content()).includes('Demopatient'), 'the patient page shows no chart data');
  for (let i = 1; i <= 8; i++) await patient.locator(`input[name="phq9.phq9_${i}"][value="1"]`).check();
  assert.equal(await patient.getByRole('button', { name: 'Send answers' }).isDisabled(), true, 'item 9 still open');
  assert.equal(await patient.getByTestId('crisis-text').count(), 0);
  await patient.locator('input[name="phq9.phq9_9"][value="1"]').check();
  await patient.getByTestId('crisis-text').waitFor();
  assert.match(await patient.getByTestId('crisis-text').innerText(), /988/);
  // Not sent yet, and it says so.
  assert.match(await patient.getByTestId('crisis-status').innerText(), /^Your answers have not been sent yet/);
  assert.doesNotMatch(await patient.getByTestId('crisis-text').innerText(), /have been sent/);
  await screenshot(patient, '10-patient-questionnaire');
  await patient.getByRole('button', { name: 'Send answers' }).click();
  await patient.getByRole('heading', { name: 'Thank you' }).waitFor();
  await patient.getByTestId('crisis-text').waitFor();
  assert.match(await patient.getByTestId('crisis-status').innerText(), /^Your answers have been sent, and your care team has been alerted/);
  await patient.reload();
  await patient.getByText('already submitted').waitFor();

  await nurse.reload();
  const banner = nurse.getByRole('alert', { name: 'Open alerts' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Suicidal thoughts answered "Several days" \(1\)/);
  await nurse.getByRole('table', { name: 'Assessments' }).getByText('patient link').waitFor();
  await screenshot(nurse, '11-chart-with-alert');
  await banner.getByLabel('What was done').fill('Called the patient; safety plan reviewed; safe.');
  await banner.getByRole('button', { name: 'Acknowledge' }).click();
  await banner.waitFor({ state: 'detached' });
});

it('records a clinician-rated MADRS and charts the PHQ-9 trajectory', async () => {
  await nurse.getByLabel('Instrument').selectOption('madrs');
  for (let i = 1; i <= 10; i++) await nurse.locator(`select[name=madrs_${i}]`).selectOption('2');
  await nurse.getByRole('button', { name: 'Save madrs' }).click();
  const row = nurse.getByRole('table', { name: 'Assessments' }).locator('tr', { hasText: 'madrs' });
  await row.waitFor();
  assert.match(await row.innerText(), /20\s+moderate/);
  await nurse.locator('.trajectory canvas').first().waitFor();
  await screenshot(nurse, '12-measurements');
});
