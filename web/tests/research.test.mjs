// The research export as a researcher and an admin make it: the demo clinic is too small for the
// clinic's k (11), so the researcher is told why and to ask an admin; the admin exports anyway
// with a reason, saves the file, and the file holds no name of the demo clinic's patients.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { client, makeDataDir, signIn, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser, names;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  const admin = client(server.url, await signIn(server.url, 'demo.admin', PASSWORD));
  names = (await admin('GET', '/api/v1/patients?limit=100')).json.items.flatMap((p) => [p.family_name, p.mrn]);
  browser = await launchChromium();
});

after(() => tearDown({ browser, server, dataDir }));

const signedIn = (username, path) => signedInPage(browser, server.url, username, path, { password: PASSWORD });

it('tells the researcher the clinic is too small to export, and lets an admin export with a reason', async () => {
  const researcher = await signedIn('demo.researcher', '/research');
  await researcher.getByRole('heading', { name: 'Research export' }).waitFor();
  await researcher.getByRole('button', { name: 'Make the export' }).click();
  const refusal = researcher.getByRole('alert');
  await refusal.getByText(/only 1 patient has the rarest combination .*, fewer than the clinic's k of 11/).waitFor();
  await refusal.getByText(/Ask an admin/).waitFor();
  await screenshot(researcher, '72-research-refused');
  await researcher.close();

  const admin = await signedIn('demo.admin', '/research');
  await admin.getByRole('radio', { name: /CSV, one table/ }).check();
  await admin.getByRole('combobox', { name: 'Table' }).selectOption('sessions');
  await admin.getByRole('button', { name: 'Make the export' }).click();
  await admin.getByLabel(/Reason to export anyway/).fill('Demo registry hand-over, agreement DEMO-1');
  await admin.getByRole('button', { name: 'Export anyway' }).click();
  const saved = admin.getByRole('link', { name: 'Save plasticity-research-sessions.csv' });
  await saved.waitFor();
  await admin.getByText(/De-identified \(Safe Harbor\): \d+ rows?/).waitFor();
  const [download] = await Promise.all([admin.waitForEvent('download'), saved.click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  assert.match(text, /^research_session_id,research_id,/);
  for (const name of names) assert.ok(!text.includes(name), name);
  await screenshot(admin, '73-research-exported');
  await admin.close();
});
