// The early-response forecast as the care team and the clinic's director meet it: on the chart
// beside the trajectory (from the published evidence, then from the clinic's own courses), on
// the plan at its futility review, and on the Outcomes page with the model's accuracy, refitted
// on demand. The clinic's threshold for its own model is lowered to 10 courses in its evidence
// file so that twelve walked courses reach it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { treatedCourse, TWELVE_COURSES } from '../../tests/support/courses.mjs';
import { phq9 } from '../../tests/support/outcomes.mjs';
import { client, makeDataDir, signIn, startServer } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
const shipped = JSON.parse(readFileSync(new URL('../../src/outcomes/definitions/forecast_evidence.json', import.meta.url)));
let dataDir, server, browser, clients, first;

before(async () => {
  dataDir = makeDataDir();
  mkdirSync(`${dataDir}/outcomes`);
  writeFileSync(`${dataDir}/outcomes/forecast_evidence.json`, JSON.stringify({ ...shipped, min_training_courses: 10 }));
  server = await startServer(dataDir, ['--demo']);
  const as = async (name) => client(server.url, await signIn(server.url, name, PASSWORD));
  clients = { prescriber: await as('demo.prescriber'), nurse: await as('demo.nurse'), admin: await as('demo.admin') };
  for (let i = 1; i <= 13; i++) {
    const made = await clients.admin('POST', '/api/v1/resources', { body: { id: `fc-${i}`, kind: 'chair', name: `Forecast chair ${i}` } });
    assert.equal(made.status, 201, made.text);
  }
  // A course one infusion in, 20 → 15 after it: no early response.
  first = await treatedCourse(clients, { totals: [20, 15], sessions: 3, walked: 1, resource_id: 'fc-1', patient: { family_name: 'Forecast', given_name: 'Fern' } });
  browser = await launchChromium();
});

after(() => tearDown({ browser, server, dataDir }));

const signedIn = (username, path) => signedInPage(browser, server.url, username, path, { password: PASSWORD, viewport: { width: 1280, height: 1100 } });

it('shows the nurse the published-evidence forecast beside the trajectory, with the rules a click away', async () => {
  const page = await signedIn('demo.nurse', `/patients/${first.patientId}`);
  const forecast = page.locator('section[aria-label="Measurements"] [aria-label="Early-response forecast"]');
  await forecast.waitFor();
  const message = await forecast.getByTestId('forecast-message').innerText();
  const api = (await clients.nurse('GET', `/api/v1/patients/${first.patientId}/forecast?instrument=phq9`)).json;
  assert.equal(message, api.message);
  assert.match(message, /^Chance of response by the end of induction: 9% \(95% CI 1–40%\), from the published evidence: ORKA-1's 53\.6% response/);
  await forecast.getByText('How this was worked out').click();
  const rules = forecast.getByRole('list', { name: 'Early-response rules' });
  assert.match(await rules.locator('li[data-applies="true"]').innerText(), /^used\s+Murrough 2013: not in response after session 1\. likelihood ratio 0\.08/);
  assert.equal(await rules.locator('li[data-applies="false"]').count(), 3);
  await screenshot(page, '60-forecast-published-evidence');
  await page.close();
});

it('lets the director refit the clinic model on the Outcomes page once enough courses have ended, and the chart and plan then quote it', async () => {
  for (const [i, totals] of TWELVE_COURSES.entries()) await treatedCourse(clients, { totals, resource_id: `fc-${i + 2}` });

  const outcomes = await signedIn('demo.admin', '/outcomes');
  const card = outcomes.locator('[aria-label="Early-response forecast model"]');
  await card.waitFor();
  assert.match(await card.getByTestId('forecast-basis').innerText(), /^Forecasts rest on the published evidence: 0 completed courses/);
  await card.getByRole('button', { name: 'Refit now' }).click();
  await card.getByText(/^Forecasts rest on this clinic's model: 12 courses, 24 forecast points/).waitFor();
  const model = (await clients.admin('GET', '/api/v1/reports/forecast?instrument=phq9')).json.model;
  assert.match(await card.getByTestId('forecast-basis').innerText(), new RegExp(`on ${model.cv_rows} of them\\): AUC ${model.cv_auc.toFixed(2)}, Brier score ${model.cv_brier.toFixed(3)}`));
  assert.equal(await card.getByRole('table', { name: 'Calibration' }).getByRole('row').count(), 1 + model.calibration.length);
  assert.equal(await card.getByRole('table', { name: 'Coefficients' }).getByRole('row').count(), 1 + 5);
  await screenshot(outcomes, '61-forecast-model-outcomes');
  await outcomes.close();

  // The prescriber's chart now quotes the clinic's model, the published evidence beside it.
  const chart = await signedIn('demo.prescriber', `/patients/${first.patientId}`);
  const forecast = chart.locator('section[aria-label="Measurements"] [aria-label="Early-response forecast"]');
  await forecast.getByText(/from 12 completed courses in this clinic\.$/).waitFor();
  await forecast.getByText('How this was worked out').click();
  await forecast.getByText(/^Beside it, the published evidence: Chance of response by the end of induction: 9%/).waitFor();
  // The plan shows its futility review with the same forecast.
  const plan = chart.locator('.futility');
  await plan.getByText(/^Futility review after 3 sessions without a response on PHQ-9/).waitFor();
  await plan.getByText(/from 12 completed courses in this clinic\.$/).waitFor();
  await screenshot(chart, '62-forecast-clinic-model-chart');
  await plan.screenshot({ path: new URL('../../build/screenshots/63-forecast-on-plan.png', import.meta.url).pathname });
  await chart.close();
});
