// The nurse station of a clinic network: two servers on one PostgreSQL database, as behind a load
// balancer. A nurse's browser on each; the monitor of a dosing chair posts to one server, and the
// critical blood pressure shows at once on both stations; acknowledged at one, it shows as
// acknowledged at the other, without a reload. Runs under PLASTICITY_TEST_POSTGRESQL=1 (ctest's
// browser_postgresql).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchChromium, screenshot, signedInPage, tearDown } from './chromium.mjs';
import { client, dosingSession, makeDataDir, POSTGRESQL, signIn, startServer } from '../../tests/support/server.mjs';

assert.ok(POSTGRESQL, 'two servers share a PostgreSQL database: run with PLASTICITY_TEST_POSTGRESQL=1 under pg_virtualenv');

const PASSWORD = 'plasticity-demo';
let dataDir, servers, browser, monitor, nurse, sessionId;

const now = () => new Date().toISOString();

before(async () => {
  dataDir = makeDataDir();
  servers = [await startServer(dataDir, ['--demo']), undefined];
  servers[1] = await startServer(dataDir);
  const [first] = servers;
  const prescriber = client(first.url, await signIn(first.url, 'demo.prescriber', PASSWORD));
  const admin = client(first.url, await signIn(first.url, 'demo.admin', PASSWORD));
  nurse = client(first.url, await signIn(first.url, 'demo.nurse', PASSWORD));
  ({ sessionId, monitor } = await dosingSession(first.url, { prescriber, nurse, admin }, { query: 'Avery', chair: 'Chair 4', device: 'chair-4-monitor' }));
  browser = await launchChromium();
});

after(() => tearDown({ browser, server: servers?.[1], dataDir }));

it('shows a chair\'s critical blood pressure on the nurse stations of both servers, and its acknowledgement', async () => {
  // One nurse station on each server (a load balancer may send each browser to either).
  const stations = [];
  for (const server of servers) {
    const page = await signedInPage(browser, server.url, 'demo.nurse', '/sessions', { viewport: { width: 1280, height: 900 } });
    await page.getByRole('heading', { name: 'Nurse station' }).waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor();
    const chair = page.getByRole('article', { name: /Chair 4: Demopatient, Avery/ });
    assert.equal(await chair.getByTestId('vital-sbp').innerText(), '126');
    stations.push({ page, chair });
  }

  // The monitor posts to the first server; both stations show the alarm, each once.
  const posted = await monitor('POST', `/api/v1/sessions/${sessionId}/vitals`, { body: { readings: [{ kind: 'sbp', value: 186, unit: 'mm[Hg]', at: now() }] } });
  assert.equal(posted.status, 200);
  const critical = 'SBP 186 mm[Hg] above 180 (critical)';
  for (const { chair } of stations) {
    await chair.getByRole('alert').filter({ hasText: critical }).waitFor({ timeout: 5000 });
    assert.equal(await chair.getByTestId('vital-sbp').innerText(), '186');
    assert.match(await chair.getAttribute('class'), /chair-critical/);
    assert.equal(await chair.getByRole('alert').filter({ hasText: critical }).count(), 1);
  }
  await screenshot(stations[1].page, '90-network-alarm-on-the-other-server');

  // Acknowledged on the second server's station: the first's shows it, without a reload.
  const [elsewhere, here] = stations;
  await here.chair.getByLabel(`What was done about ${critical}`).fill('Infusion paused, BP again in 5 min');
  await here.chair.getByRole('alert').filter({ hasText: critical }).getByRole('button', { name: 'Acknowledge' }).click();
  for (const { chair } of [here, elsewhere]) {
    await chair.locator('.alarm-acknowledged').filter({ hasText: 'acknowledged by demo.nurse' }).waitFor({ timeout: 5000 });
    assert.doesNotMatch(await chair.getAttribute('class'), /chair-critical/);
  }
  await screenshot(elsewhere.page, '91-network-acknowledged-on-the-other-server');

  const record = (await nurse('GET', `/api/v1/sessions/${sessionId}`)).json;
  const alarms = record.alarms.filter((a) => a.rule_id === 'sbp_critical_high');
  assert.equal(alarms.length, 1, 'raised once, though two servers heard the reading');
  assert.equal(alarms[0].action, 'Infusion paused, BP again in 5 min');
});
