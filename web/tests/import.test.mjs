// Import history as the admin does it: the documented CSV templates chosen, checked (nothing
// written), imported, checked again (all already here); a broken file lists every error and
// imports nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { makeDataDir, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser;
const templates = ['patients.csv', 'sessions.csv', 'assessments.csv'].map((f) => new URL(`../../docs/import/${f}`, import.meta.url).pathname);

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  browser = await launchChromium();
});

after(() => tearDown({ browser, server, dataDir }));

const row = (page, label) => page.getByRole('table').getByRole('row', { name: new RegExp(`^${label}\\s`) });

it('checks the spreadsheet, imports it once, and lists what is wrong with a broken one', async () => {
  const page = await signedInPage(browser, server.url, 'demo.admin', '/admin/import', { password: PASSWORD });
  await page.getByRole('heading', { name: 'Import history' }).waitFor();
  await page.getByLabel('Choose files').setInputFiles(templates);
  assert.equal(await page.getByRole('button', { name: 'Import' }).isDisabled(), true);  // check first
  await page.getByRole('button', { name: 'Check the files' }).click();
  await page.getByRole('table', { name: /Checked/ }).waitFor();
  assert.match(await row(page, 'Patients').innerText(), /^Patients\s+2\s+0$/);
  assert.match(await row(page, 'Treatment sessions').innerText(), /^Treatment sessions\s+3\s+0$/);
  await screenshot(page, '74-import-checked');
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('table', { name: 'Imported' }).waitFor();
  await page.getByRole('button', { name: 'Check the files' }).click();
  await page.getByRole('table', { name: /Checked/ }).waitFor();
  assert.match(await row(page, 'Patients').innerText(), /^Patients\s+0\s+2$/);
  assert.match(await row(page, 'Assessments').innerText(), /^Assessments\s+0\s+3$/);

  const dir = mkdtempSync(join(tmpdir(), 'plasticity-ui-import-'));
  writeFileSync(join(dir, 'patients.csv'), 'mrn,given_name,family_name,birth_date,sex_at_birth\nCSV-3001,Eve,Broken,1980-02-30,female\n');
  await page.getByLabel('Choose files').setInputFiles([join(dir, 'patients.csv')]);
  await page.getByRole('button', { name: 'Check the files' }).click();
  const errors = page.getByRole('list', { name: 'Errors' });
  await errors.waitFor();
  assert.match(await errors.innerText(), /patients\.csv row 2: birth_date must be a date/);
  await screenshot(page, '75-import-errors');
  await page.close();
});
