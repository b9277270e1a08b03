// Data exports as the admin does one: the FHIR export of the demo clinic started from the page,
// its progress, the files listed with their counts as the manifest gives them, a file downloaded
// with the page's own sign-in, and the files removed. Other roles do not see the page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { makeDataDir, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  browser = await launchChromium();
});

after(() => tearDown({ browser, server, dataDir }));

const signedIn = (username, path) => signedInPage(browser, server.url, username, path, { password: PASSWORD });

it('lets the admin export the clinic as FHIR, download a file and remove them', async () => {
  const page = await signedIn('demo.admin', '/admin/exports');
  await page.getByRole('heading', { name: 'Data exports' }).waitFor();
  await screenshot(page, '70-exports-new');
  await page.getByRole('checkbox', { name: /^Questionnaires/ }).uncheck();
  await page.getByRole('button', { name: 'Start export' }).click();
  const files = page.getByRole('table', { name: 'Files' });
  await files.waitFor();
  const rows = files.getByRole('row');
  const types = [];
  for (let i = 1; i < (await rows.count()); i++) types.push((await rows.nth(i).innerText()).split('\t')[0]);
  assert.ok(types.includes('Patients Patient') && types.includes('Vital signs and scale totals Observation'), types.join());
  assert.ok(!types.some((t) => t.endsWith(' Questionnaire')));
  // The patients file holds as many lines as the page says, each a Patient.
  const patientRow = files.getByRole('row', { name: /^Patients Patient\s/ });
  const count = Number((await patientRow.innerText()).split('\t')[1]);
  const href = await patientRow.getByRole('link').getAttribute('href');
  const download = await page.request.get(server.url + href);
  assert.equal(download.status(), 200);
  const lines = (await download.text()).trimEnd().split('\n');
  assert.equal(lines.length, count);
  assert.ok(lines.every((line) => JSON.parse(line).resourceType === 'Patient'));
  await page.getByText(/finished: \d+ records/).waitFor();
  await screenshot(page, '71-exports-done');
  // The job survives a reload (kept in this browser), and is removed with its files.
  await page.reload();
  await files.waitFor();
  await page.getByRole('button', { name: 'Remove the files' }).click();
  await page.getByRole('button', { name: 'Start export' }).waitFor();
  assert.equal((await page.request.get(server.url + href)).status(), 404);
  await page.close();

  const nurse = await signedIn('demo.nurse', '/admin/exports');
  await nurse.getByRole('heading', { name: 'Not a page for your role' }).waitFor();
  await nurse.close();
});
