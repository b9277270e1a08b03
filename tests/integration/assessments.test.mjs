// Measurement-based care over HTTP: the catalog, recording and scoring, trajectories, alerts and
// patient self-report links.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

let dataDir, server, nurse, frontDesk, researcher, admin, anon, patientId;

before(async () => {
  dataDir = makeDataDir();
  for (const [name, role] of [['mbc.nurse', 'nurse'], ['mbc.desk', 'front_desk'], ['mbc.research', 'researcher'], ['mbc.admin', 'admin']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  // A clinic with a MADRS licence adds the anchor text and its own remission cut-off.
  const madrs = JSON.parse(readFileSync(new URL('../../src/instruments/definitions/madrs.json', import.meta.url)));
  madrs.full_text = true;
  madrs.items[0].text = 'Apparent sadness: the licensed anchor text goes here.';
  madrs.outcomes.remission.at_most = 12;
  mkdirSync(join(dataDir, 'instruments'));
  writeFileSync(join(dataDir, 'instruments', 'madrs.json'), JSON.stringify(madrs));
  server = await startServer(dataDir);
  nurse = client(server.url, await signIn(server.url, 'mbc.nurse'));
  frontDesk = client(server.url, await signIn(server.url, 'mbc.desk'));
  researcher = client(server.url, await signIn(server.url, 'mbc.research'));
  admin = client(server.url, await signIn(server.url, 'mbc.admin'));
  anon = client(server.url);
  patientId = (await frontDesk('POST', '/api/v1/patients', { body: validPatient({ given_name: 'Measured' }) })).json.id;
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
});

const phq9 = (scores) => Object.fromEntries(scores.map((s, i) => [`phq9_${i + 1}`, s]));
const record = (body, as = nurse, id = patientId) => as('POST', `/api/v1/patients/${id}/assessments`, { body });

function assertErrors(response, expected) {
  assert.equal(response.status, 400, response.text);
  assert.match(response.headers.get('content-type'), /problem\+json/);
  assert.deepEqual(response.json.errors.map((e) => `${e.field}:${e.rule}`).sort(), expected.sort());
}

describe('catalog', () => {
  it('lists every instrument and serves a definition with its items in order', async () => {
    const list = await nurse('GET', '/api/v1/instruments');
    assert.deepEqual(list.json.items.map((i) => i.id).sort(),
      ['bprs_positive', 'cadss', 'cadss6', 'cssrs_screener', 'gad7', 'madrs', 'pcl5', 'phq9', 'qids_sr16']);
    // The ones with a response rule: what outcomes and the forecast read, and the chart asks for.
    assert.deepEqual(list.json.items.filter((i) => i.response_rule).map((i) => i.id).sort(), ['gad7', 'madrs', 'pcl5', 'phq9', 'qids_sr16']);
    const definition = await nurse('GET', '/api/v1/instruments/phq9');
    assert.equal(definition.status, 200);
    assert.deepEqual(definition.json.items.map((i) => i.id), [...Array(9)].map((_, i) => `phq9_${i + 1}`).concat('phq9_difficulty'));
    assert.equal(definition.json.items[8].loinc, '44260-8');
    assert.equal((await nurse('GET', '/api/v1/instruments/nope')).status, 404);
  });

  it('uses a clinic\'s own definition from the data directory in place of the shipped one', async () => {
    const madrs = await nurse('GET', '/api/v1/instruments/madrs');
    assert.equal(madrs.json.full_text, true);
    assert.match(madrs.json.items[0].text, /licensed anchor text/);
    const answers = Object.fromEntries([...Array(10)].map((_, i) => [`madrs_${i + 1}`, i < 6 ? 2 : 0]));
    const other = (await frontDesk('POST', '/api/v1/patients', { body: validPatient() })).json.id;
    await record({ instrument: 'madrs', answers: { ...answers, madrs_1: 6, madrs_2: 6 } }, nurse, other);
    await record({ instrument: 'madrs', answers }, nurse, other);
    const history = await nurse('GET', `/api/v1/patients/${other}/assessments?instrument=madrs`);
    assert.equal(history.json.items[1].total, 12);
    assert.equal(history.json.items[1].remission, true, 'remission at ≤ 12 by the clinic\'s file');
  });
});

describe('recording', () => {
  it('scores a PHQ-9 exactly and stores the item answers', async () => {
    const created = await record({ instrument: 'phq9', answers: { ...phq9([3, 3, 2, 2, 2, 2, 2, 2, 0]), phq9_difficulty: 2 }, administered_at: '2026-01-05T09:00:00Z' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.total, 18);
    assert.equal(created.json.severity, 'moderately_severe');
    assert.deepEqual(created.json.flags, []);
    assert.equal(created.json.complete, true);
    assert.equal(created.json.answers.phq9_difficulty, 2);
    assert.equal(created.json.source, 'clinician');
  });

  it('leaves the total null for an incomplete form and says what is missing', async () => {
    const answers = phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    delete answers.phq9_3;
    const created = await record({ instrument: 'phq9', answers, administered_at: '2026-01-06T09:00:00Z' });
    assert.equal(created.status, 201);
    assert.equal(created.json.total, null);
    assert.equal(created.json.severity, null);
    assert.equal(created.json.complete, false);
    assert.deepEqual(created.json.missing_items, ['phq9_3']);
  });

  it('refuses unknown instruments, unknown items, impossible scores and future times, naming each', async () => {
    assertErrors(await record({ instrument: 'phq10', answers: {} }), ['instrument:unknown_instrument']);
    assertErrors(await record({ instrument: 'phq9', answers: { phq9_10: 1, phq9_1: 4 } }), ['answers/phq9_1:option', 'answers/phq9_10:unknown_item']);
    assertErrors(await record({ instrument: 'phq9', answers: { phq9_1: '2' } }), ['answers/phq9_1:type']);
    assertErrors(await record({ instrument: 'phq9', answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), administered_at: '2999-01-01T00:00:00Z' }), ['administered_at:not_in_future']);
    assertErrors(await record({ instrument: 'phq9', answers: {}, source: 'patient_link' }), ['source:one_of']);
    assertErrors(await record({ instrument: 'gad7', answers: {}, mood: 'fine' }), ['mood:unknown_field']);
  });

  it('scores PCL-5 clusters and the provisional diagnosis', async () => {
    const answers = Object.fromEntries([2, 0, 0, 0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0].map((s, i) => [`pcl5_${i + 1}`, s]));
    const created = await record({ instrument: 'pcl5', answers });
    assert.equal(created.json.total, 14);
    assert.deepEqual(created.json.subscales, { B: 2, C: 2, D: 4, E: 6 });
    assert.equal(created.json.provisional_diagnosis, true);
  });

  it('keeps front desk and researchers out of scores', async () => {
    assert.equal((await record({ instrument: 'gad7', answers: {} }, frontDesk)).status, 403);
    assert.equal((await frontDesk('GET', `/api/v1/patients/${patientId}/assessments`)).status, 403);
    assert.equal((await researcher('GET', `/api/v1/patients/${patientId}/assessments`)).status, 403);
  });
});

describe('trajectory', () => {
  it('gives each assessment its change from baseline, response and remission', async () => {
    const other = (await frontDesk('POST', '/api/v1/patients', { body: validPatient() })).json.id;
    const series = [[20, '2026-02-01'], [12, '2026-02-08'], [9, '2026-02-15'], [4, '2026-02-22']];
    for (const [total, day] of series) {
      const scores = [3, 3, 3, 3, 3, 3, 2, 0, 0];
      let left = 20 - total;
      for (let i = 0; i < 9 && left > 0; i++) { const cut = Math.min(left, scores[i]); scores[i] -= cut; left -= cut; }
      assert.equal((await record({ instrument: 'phq9', answers: phq9(scores), administered_at: `${day}T10:00:00Z` }, nurse, other)).json.total, total);
    }
    const history = await nurse('GET', `/api/v1/patients/${other}/assessments?instrument=phq9`);
    assert.equal(history.status, 200);
    const rows = history.json.items.map((a) => [a.total, a.change, a.response, a.remission, a.is_baseline]);
    assert.deepEqual(rows, [[20, 0, false, false, true], [12, -8, false, false, false], [9, -11, true, false, false], [4, -16, true, true, false]]);
    assert.equal(history.json.items[2].change_percent, -55);
    assert.match(history.json.rules.phq9.remission, /PHQ-9 < 5/);
    assertErrors(await nurse('GET', `/api/v1/patients/${other}/assessments?instrument=phq10`), ['instrument:unknown_instrument']);
  });
});

describe('alerts', () => {
  it('raises an alert for PHQ-9 item 9 that stays open until acknowledged with a note', async () => {
    const created = await record({ instrument: 'phq9', answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]) });
    assert.deepEqual(created.json.flags, ['suicidal_ideation']);
    const alertId = created.json.alerts[0].id;
    const open = await nurse('GET', '/api/v1/alerts?status=open');
    const alert = open.json.items.find((a) => a.id === alertId);
    assert.equal(alert.kind, 'suicidal_ideation');
    assert.equal(alert.patient.given_name, 'Measured');
    assert.match(alert.message, /Suicidal thoughts answered "Several days" \(1\)/);
    assertErrors(await nurse('POST', `/api/v1/alerts/${alertId}/acknowledgement`, { body: { note: '   ' } }), ['note:required']);
    const acknowledged = await nurse('POST', `/api/v1/alerts/${alertId}/acknowledgement`, { body: { note: 'Called the patient; safety plan reviewed.' } });
    assert.equal(acknowledged.status, 200, acknowledged.text);
    assert.equal(acknowledged.json.status, 'acknowledged');
    assert.equal(acknowledged.json.acknowledgement.by.username, 'mbc.nurse');
    assert.equal((await nurse('POST', `/api/v1/alerts/${alertId}/acknowledgement`, { body: { note: 'again' } })).status, 409);
    assert.ok(!(await nurse('GET', '/api/v1/alerts')).json.items.some((a) => a.id === alertId));
    const audit = await admin('GET', `/api/v1/audit?patient_id=${patientId}`);
    assert.ok(audit.json.items.some((e) => e.action === 'alert.acknowledge' && e.username === 'mbc.nurse'));
    assert.equal((await frontDesk('GET', '/api/v1/alerts')).status, 403);
  });

  it('raises a worsening alert when the total rises by the threshold since the last one', async () => {
    const other = (await frontDesk('POST', '/api/v1/patients', { body: validPatient() })).json.id;
    await record({ instrument: 'phq9', answers: phq9([1, 1, 1, 0, 0, 0, 0, 0, 0]) }, nurse, other);
    const small = await record({ instrument: 'phq9', answers: phq9([1, 1, 1, 1, 1, 1, 1, 0, 0]) }, nurse, other);
    assert.deepEqual(small.json.alerts, [], '+4 is below the 5-point default');
    const big = await record({ instrument: 'phq9', answers: phq9([2, 2, 2, 2, 2, 1, 1, 0, 0]) }, nurse, other);
    assert.equal(big.json.alerts.length, 1);
    assert.equal(big.json.alerts[0].kind, 'worsening');
    assert.match(big.json.alerts[0].message, /rose from 7 to 12 \(\+5\)/);
  });

  it('raises a high-risk alert from the C-SSRS screener triage', async () => {
    const created = await record({ instrument: 'cssrs_screener', answers: { cssrs_1: 1, cssrs_2: 1, cssrs_3: 1, cssrs_4: 0, cssrs_5: 1, cssrs_6: 0 } });
    assert.equal(created.json.severity, 'high');
    assert.deepEqual(created.json.flags, ['cssrs_high_risk']);
    assert.match(created.json.alerts[0].message, /triage high risk/);
  });
});

describe('self-report links', () => {
  async function newLink(instruments = ['phq9', 'gad7']) {
    const response = await frontDesk('POST', `/api/v1/patients/${patientId}/assessment-links`, { body: { instruments } });
    assert.equal(response.status, 201, response.text);
    return new URL(response.json.url).pathname.split('/').pop();
  }

  it('is created by front desk for self-report instruments only', async () => {
    const response = await frontDesk('POST', `/api/v1/patients/${patientId}/assessment-links`, { body: { instruments: ['phq9'] } });
    assert.match(response.json.url, /^http:\/\/127\.0\.0\.1:\d+\/q\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(response.json.expires_at) - Date.now()) / 86400000;
    assert.ok(days > 3.99 && days <= 4, `4 days by default, got ${days}`);
    assertErrors(await frontDesk('POST', `/api/v1/patients/${patientId}/assessment-links`, { body: { instruments: ['madrs', 'nope'] } }),
      ['instruments/0:self_report', 'instruments/1:unknown_instrument']);
    assertErrors(await frontDesk('POST', `/api/v1/patients/${patientId}/assessment-links`, { body: { instruments: [] } }), ['instruments:required']);
    // E-mailing it needs the clinic's mail relay (DATA/smtp.json), which this server has not.
    const noRelay = await frontDesk('POST', `/api/v1/patients/${patientId}/assessment-links`, { body: { instruments: ['phq9'], send_by_email: true } });
    assert.deepEqual([noRelay.status, noRelay.json.type], [409, 'urn:plasticity:problem:no-mail-relay']);
  });

  it('opens without sign-in and shows only the questionnaires, no patient data', async () => {
    const token = await newLink();
    const opened = await anon('GET', `/api/v1/links/${token}`);
    assert.equal(opened.status, 200);
    assert.deepEqual(opened.json.instruments.map((i) => i.id), ['phq9', 'gad7']);
    assert.match(opened.json.crisis_text, /988/);
    assert.ok(!opened.text.includes('Measured') && !opened.text.includes(patientId), 'no name, no id');
    assert.equal((await anon('GET', '/api/v1/links/not-a-real-token')).status, 404);
    assert.ok(server.stderr().includes('GET /api/v1/links/… 200'), 'the request is logged');
    assert.ok(!server.stderr().includes(token), 'but never its token: it is a credential');
  });

  it('refuses an incomplete submission naming what is unanswered, then accepts a whole one once', async () => {
    const token = await newLink();
    const partial = await anon('POST', `/api/v1/links/${token}/responses`, { body: { responses: { phq9: phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]) } } });
    assert.equal(partial.status, 400);
    assert.ok(partial.json.errors.some((e) => e.field === 'responses/gad7' && e.rule === 'required'));
    const answers = phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    delete answers.phq9_4;
    const gad7 = Object.fromEntries([...Array(7)].map((_, i) => [`gad7_${i + 1}`, 2]));
    const missingOne = await anon('POST', `/api/v1/links/${token}/responses`, { body: { responses: { phq9: answers, gad7 } } });
    assertErrors(missingOne, ['responses/phq9/phq9_4:required']);

    const done = await anon('POST', `/api/v1/links/${token}/responses`, { body: { responses: { phq9: phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]), gad7 } } });
    assert.equal(done.status, 201, done.text);
    assert.equal(done.json.show_crisis_text, true);
    assert.match(done.json.crisis_text, /988/);
    assert.equal((await anon('POST', `/api/v1/links/${token}/responses`, { body: { responses: { phq9: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), gad7 } } })).status, 410);
    assert.equal((await anon('GET', `/api/v1/links/${token}`)).status, 410);

    const history = await nurse('GET', `/api/v1/patients/${patientId}/assessments?instrument=gad7`);
    const fromLink = history.json.items.filter((a) => a.source === 'patient_link');
    assert.equal(fromLink.length, 1);
    assert.equal(fromLink[0].total, 14);
    assert.equal(fromLink[0].severity, 'moderate');
    assert.equal(fromLink[0].recorded_by, null);
  });
});
