// The web UI as a person uses it: Debian's chromium driven by playwright-core against the real
// server with the demo clinic. Screenshots land in build/screenshots for a human to look at.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, tearDown } from './chromium.mjs';
import { makeDataDir, startServer } from '../../tests/support/server.mjs';

let dataDir, server, browser, page;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});

after(() => tearDown({ browser, server, dataDir }));

const shot = (name) => screenshot(page, name);

it('signs in, registers a patient, finds it, opens its chart and signs out', async () => {
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Plasticity' }).waitFor();
  // The tab shows the clinic's icon, served as SVG.
  const icon = await page.locator('link[rel=icon]').getAttribute('href');
  const served = await fetch(server.url + icon);
  assert.deepEqual([served.status, served.headers.get('content-type')], [200, 'image/svg+xml']);
  await shot('01-sign-in');

  await page.getByLabel('Username').fill('demo.frontdesk');
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'the username or the password is wrong' }).waitFor();

  await page.getByLabel('Password').fill('plasticity-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Patients' }).waitFor();
  await page.getByRole('link', { name: 'Demopatient, Avery' }).waitFor();
  assert.match(await page.getByTestId('signed-in-as').innerText(), /demo\.frontdesk/);
  await shot('02-patient-list');

  await page.getByRole('link', { name: 'New patient' }).click();
  await page.getByRole('heading', { name: 'New patient' }).waitFor();
  const mrn = `BT-${Date.now()}`;
  await page.getByLabel('MRN').fill(mrn);
  await page.getByLabel('Given name').fill('Browser');
  await page.getByLabel('Family name').fill('Testperson');
  await page.getByLabel('Birth date').fill('1985-04-12');
  await page.getByLabel('Sex at birth').selectOption('female');
  await page.getByLabel('Weight (kg)').fill('-72');
  await page.locator('input[name=diagnosis_code_0]').fill('F33.2');
  await page.locator('input[name=diagnosis_display_0]').fill('Major depressive disorder, recurrent severe');
  await page.getByRole('button', { name: 'Register patient' }).click();

  // The server's message appears beside the field it names, in the form's words; nothing was saved.
  const weightError = page.locator('label.invalid', { hasText: 'Weight (kg)' }).locator('.field-error');
  await weightError.waitFor();
  assert.equal(await weightError.innerText(), 'Weight (kg) must be a number greater than 0');
  await shot('03-new-patient-invalid');

  await page.getByLabel('Weight (kg)').fill('72.4');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByTestId('patient-name').filter({ hasText: 'Testperson, Browser' }).waitFor();

  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByLabel('Search patients by name or MRN').fill(mrn);
  const rows = page.getByRole('table', { name: 'Patients' }).locator('tbody tr');
  await page.waitForFunction(
    (wanted) => {
      const cells = [...document.querySelectorAll('table[aria-label=Patients] tbody tr td:nth-child(2)')];
      return cells.length === 1 && cells[0].textContent === wanted;
    },
    mrn,
  );
  assert.equal(await rows.count(), 1);
  await shot('04-search');

  await page.getByRole('link', { name: 'Testperson, Browser' }).click();
  await page.getByTestId('patient-name').waitFor();
  const chart = await page.locator('main').innerText();
  assert.match(chart, /1985-04-12/);
  assert.match(chart, /72\.4 kg/);
  assert.match(chart, /F33\.2/);
  assert.match(chart, /registered/);
  assert.match(chart, /demo\.frontdesk/);
  await shot('05-chart');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.goto(server.url + '/patients');
  await page.getByRole('button', { name: 'Sign in' }).waitFor(); // the session is gone
});

it('shows the audit trail to an admin, including the front desk’s work', async () => {
  await page.getByLabel('Username').fill('demo.admin');
  await page.getByLabel('Password').fill('plasticity-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Staff accounts' }).waitFor();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  await page.getByRole('table', { name: 'Audit trail' }).getByText('patient.create').first().waitFor();
  await shot('06-audit');
});

it('returns to the sign-in page when the session ends behind the page’s back', async () => {
  // As if the session had idled out: end it with the page's own cookie, then keep working.
  const ended = await page.request.delete(server.url + '/api/v1/session');
  assert.equal(ended.status(), 204);
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
});
