// From screening to the calendar as a prescriber does it: screen a patient for IV ketamine (one
// relative contraindication, overridden with a reason), write a 6-infusion plan, confirm its
// sessions, see them on the week view, and drag one to another day.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, tearDown } from './chromium.mjs';
import { client, makeDataDir, signIn, startServer, validPatient } from '../../tests/support/server.mjs';

const PASSWORD = 'plasticity-demo';
let dataDir, server, browser, page, patientId, prescriber;

before(async () => {
  dataDir = makeDataDir();
  server = await startServer(dataDir, ['--demo']);  // the demo clinic has chairs and a rota
  const desk = client(server.url, await signIn(server.url, 'demo.frontdesk', PASSWORD));
  prescriber = client(server.url, await signIn(server.url, 'demo.prescriber', PASSWORD));
  const created = await desk('POST', '/api/v1/patients', { body: validPatient({ given_name: 'Rowan', family_name: 'Planner', weight_kg: 72 }) });
  assert.equal(created.status, 201, created.text);
  patientId = created.json.id;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

after(() => tearDown({ browser, server, dataDir }));

const shot = (name) => screenshot(page, name);

it('screens with an override, plans six infusions, confirms them and shows them on the week', async () => {
  await page.goto(`${server.url}/patients/${patientId}`);
  await page.getByLabel('Username').fill('demo.prescriber');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('patient-name').filter({ hasText: 'Planner, Rowan' }).waitFor();

  // The intake: breastfeeding is the one relative contraindication.
  await page.getByRole('button', { name: 'New screening' }).click();
  const intake = page.getByRole('form', { name: 'Screening intake' });
  await intake.getByLabel(/^Weight/).waitFor();
  assert.equal(await intake.getByLabel(/^Weight/).inputValue(), '72', 'the chart weight is offered');
  await intake.getByLabel('Breastfeeding').check();
  await intake.getByLabel(/^Recreational uses/).fill('0');
  await intake.getByLabel(/^Adequate antidepressant trials/).fill('3');
  await intake.getByLabel(/^Benzodiazepine dose/).fill('0');
  await intake.getByLabel('Hypertension').selectOption('none');
  await intake.getByLabel('Cerebrovascular disease').selectOption('none');
  await intake.getByLabel('Pregnancy').selectOption('not_pregnant');
  await intake.getByLabel(/^Systolic blood pressure/).fill('126');
  await intake.getByLabel(/^Diastolic blood pressure/).fill('80');
  // One answer left out: the server names it, nothing is stored.
  await intake.getByRole('button', { name: 'Screen' }).click();
  await intake.locator('.field-error', { hasText: 'Heart rate must be answered' }).waitFor();
  await intake.getByLabel(/^Heart rate/).fill('72');
  await intake.getByRole('button', { name: 'Screen' }).click();

  const screening = page.getByRole('article', { name: 'Screening IV ketamine' });
  await screening.waitFor();
  assert.equal(await screening.getByTestId('eligibility').innerText(), 'Needs review');
  await screening.getByText(/Breastfeeding: the esketamine label advises against breastfeeding/).waitFor();
  await shot('30-screening-needs-review');
  const signOff = page.getByRole('form', { name: 'Sign-off' });
  await signOff.getByRole('button', { name: 'Approve' }).click();
  await signOff.getByText(/an override needs a written reason/).waitFor();
  await signOff.getByLabel('Reason to override breastfeeding').fill('Stopped breastfeeding last month; confirmed today');
  await signOff.getByRole('button', { name: 'Approve' }).click();
  await screening.getByTestId('screening-status').filter({ hasText: 'approved' }).waitFor();
  await screening.getByText('Overridden: Stopped breastfeeding last month; confirmed today').waitFor();

  // A plan of 6 infusions twice weekly, proposed, then confirmed.
  await page.getByRole('button', { name: 'New plan' }).click();
  const form = page.getByRole('form', { name: 'New treatment plan' });
  await form.getByLabel('Induction course').selectOption('iv_6_twice_weekly');
  await form.getByLabel('Nurse').selectOption({ label: 'demo.nurse' });
  const firstDate = await form.getByLabel('First session').inputValue();
  await form.getByRole('button', { name: 'Propose sessions' }).click();
  const plan = page.getByRole('article', { name: 'Treatment plan' });
  await plan.getByTestId('plan-status').filter({ hasText: 'proposed' }).waitFor();
  assert.equal(await plan.getByTestId('plan-session').count(), 6);
  await plan.getByRole('button', { name: 'Confirm sessions' }).click();
  await plan.getByTestId('plan-status').filter({ hasText: 'booked' }).waitFor();
  const rows = await plan.getByTestId('plan-session').allInnerTexts();
  assert.equal(rows.length, 6);
  assert.ok(rows.every((r) => r.includes('confirmed') && r.includes('09:00–11:00')), rows.join('\n'));
  await shot('31-plan-booked');

  // The week view shows the first week's two infusions; drag the Thursday one to Friday 10:00.
  await page.goto(`${server.url}/schedule?week=${firstDate}`);
  await page.getByRole('heading', { name: 'Schedule' }).waitFor();
  const ours = page.getByTestId('appointment').filter({ hasText: 'Planner, Rowan' });
  await ours.first().waitFor();
  assert.equal(await ours.count(), 2);
  const thursday = addDays(firstDate, 3);
  const friday = addDays(firstDate, 4);
  assert.equal(await page.getByLabel(`Day ${firstDate}`).getByTestId('appointment').filter({ hasText: 'Planner' }).count(), 1);
  await shot('32-week-view');
  const moving = page.getByLabel(`Day ${thursday}`).getByTestId('appointment').filter({ hasText: 'Planner' });
  const target = page.getByLabel(`Day ${friday}`).locator('.day-body');
  // 10:00 is 3 hours below the 07:00 top at 0.8 px a minute; the block is grabbed at its top.
  await moving.dragTo(target, { sourcePosition: { x: 10, y: 1 }, targetPosition: { x: 20, y: 3 * 60 * 0.8 + 1 } });
  await page.getByRole('status').filter({ hasText: `Moved to ${friday} 10:00.` }).waitFor();
  await page.getByLabel(`Day ${friday}`).getByTestId('appointment').filter({ hasText: '10:00' }).waitFor();
  await shot('33-week-after-move');
  const sessions = (await prescriber('GET', `/api/v1/patients/${patientId}/plans`)).json.items[0].appointments;
  assert.equal(sessions[1].local_date, friday);
  assert.equal(sessions[1].local_start, '10:00');
});

function addDays(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
