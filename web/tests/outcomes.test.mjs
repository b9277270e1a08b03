// The Outcomes page as a prescriber and a researcher read it: the clinic's figures with their
// intervals beside the published trials, the two Kaplan–Meier curves, the flow, subgroups with
// their log-rank test, the patients behind a figure; the researcher with small counts withheld.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { seedOutcomeClinic } from '../../tests/support/outcomes.mjs';
import { client, makeDataDir, signIn, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser, prescriber, remitters;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);
  prescriber = client(server.url, await signIn(server.url, 'demo.prescriber', PASSWORD));
  remitters = (await seedOutcomeClinic(prescriber)).slice(0, 3);
  browser = await launchChromium();
});

after(() => tearDown({ browser, server, dataDir }));

const signedIn = (username, path) => signedInPage(browser, server.url, username, path, { password: PASSWORD });

const percent = (rate) => `${(rate * 100).toFixed(1)}%`;

it('shows a prescriber the clinic\'s study beside the published trials, and who is behind a figure', async () => {
  const report = (await prescriber('GET', '/api/v1/reports/outcomes?instrument=phq9')).json;
  const page = await signedIn('demo.prescriber', '/outcomes');
  const shares = page.getByRole('table', { name: 'Response and remission' }).first();
  const responded = shares.getByRole('row', { name: /^Responded at any follow-up/ });
  await responded.waitFor();
  assert.match(await responded.innerText(), new RegExp(`${report.ever_response.count} of ${report.ever_response.denominator}\\s+${percent(report.ever_response.rate).replace('.', '\\.')}`));
  // The two curves are drawn, each with its table.
  assert.equal(await page.locator('figure.survival canvas').count(), 2);
  await page.getByText('Responded as a table').click();
  const firstStep = page.getByRole('region', { name: 'Time to first response' }).getByRole('row').nth(1);
  assert.match(await firstStep.innerText(), new RegExp(`^${report.time_to_response.curve[0].day.toFixed(1)}\\s+${report.time_to_response.curve[0].at_risk}\\s+${report.time_to_response.curve[0].events}`));
  // The published trials, with ORKA-1's PHQ-9 response and its citation.
  const orka = page.getByRole('table', { name: 'Published trials' }).getByRole('row', { name: /ORKA-1 PHQ-9 response/ });
  assert.match(await orka.innerText(), /537\s+53\.6%/);
  assert.equal(await page.getByRole('link', { name: /McInnes LA/ }).count() > 0, true);
  // Safety across the clinic, as the API counts it.
  await page.getByText(`${report.safety.sessions_dosed} dosed sessions;`).waitFor();
  await page.getByRole('table', { name: 'Sedation scores' }).waitFor();
  const cms = page.getByRole('table', { name: 'CMS159' });
  assert.match(await cms.getByRole('row', { name: /^Initial population/ }).innerText(), new RegExp(`\\s${report.cms159.initial_population}$`));
  // The PDF of what the page shows, with the page's own sign-in.
  const pdf = await page.request.get(server.url + (await page.getByRole('link', { name: 'PDF' }).getAttribute('href')));
  assert.deepEqual([pdf.status(), pdf.headers()['content-type']], [200, 'application/pdf']);
  await screenshot(page, '50-outcomes-prescriber');

  // Who remitted: the list behind the figure, each a link to the chart.
  await page.getByRole('button', { name: 'Which patients?' }).nth(1).click();
  const list = page.getByRole('list', { name: 'Patients who remitted' });
  await list.waitFor();
  assert.equal(await list.getByRole('link').count(), remitters.length);
  // And the five who never responded, to review.
  await page.getByRole('button', { name: 'Which patients?' }).nth(2).click();
  const nonResponders = page.getByRole('list', { name: 'Patients never in response' });
  await nonResponders.waitFor();
  assert.equal(await nonResponders.getByRole('link').count(), 5);

  // Subgroups by indication, with the log-rank test.
  await page.getByLabel('Compare by').selectOption('indication');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText(/log-rank test: χ² = \d/).waitFor();
  assert.ok((await page.locator('details.group summary').allInnerTexts()).some((t) => t.startsWith('F43')));
  await screenshot(page, '51-outcomes-subgroups');

  // A date that is not one is refused in words, naming the parameter.
  await page.getByLabel('Baseline from').fill('2026-06-01');
  await page.getByLabel('Baseline to').fill('2026-05-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('alert').filter({ hasText: 'Baseline from must not be after baseline_to' }).waitFor();
  await page.close();
});

it('lands the researcher on the outcomes with every small count withheld', async () => {
  const page = await signedIn('demo.researcher', '/');
  await page.getByRole('heading', { name: 'Outcomes' }).waitFor();
  const remitted = page.getByRole('row', { name: /^Remitted at any follow-up/ }).first();
  await remitted.waitFor();
  assert.match(await remitted.innerText(), /< 11 of \d+\s+—\s+—/);
  await page.getByText(/Counts from 1 to 10, and any rate that would reveal one, are withheld/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Which patients?' }).count(), 0, 'no patients for a researcher');
  await screenshot(page, '52-outcomes-researcher');
  await page.close();
});
