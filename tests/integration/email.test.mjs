// Patient instructions delivered by e-mail through a real SMTP server (Debian's python3-aiosmtpd,
// writing a Maildir), the clinic's relay configured in DATA/smtp.json; messages for patients
// without an address wait on the worklist, flagged when late.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';
import { startSmtpServer, waitFor as waitUntil } from '../support/smtp.mjs';

let dataDir, smtp, server, admin, prescriber, desk;

before(async () => {
  dataDir = makeDataDir();
  smtp = await startSmtpServer();
  writeFileSync(join(dataDir, 'smtp.json'), smtp.smtpJson({ public_url: 'https://clinic.example/' }));
  for (const [name, role] of [['m.admin', 'admin'], ['m.prescriber', 'prescriber'], ['m.desk', 'front_desk']]) {
    assert.equal(addUser(dataDir, name, role).status, 0);
  }
  server = await startServer(dataDir, ['--outbox-every-seconds', '1']);
  admin = client(server.url, await signIn(server.url, 'm.admin'));
  prescriber = client(server.url, await signIn(server.url, 'm.prescriber'));
  desk = client(server.url, await signIn(server.url, 'm.desk'));
  assert.equal((await admin('POST', '/api/v1/resources', { body: { id: 'chair-1', kind: 'chair', name: 'Chair 1' } })).status, 201);
});

after(async () => {
  await server?.stop();
  await stopAllServers();
  smtp?.stop();
  removeDataDir(dataDir);
});

const mails = () => smtp.mails();
const waitFor = (check, what) => waitUntil(check, what).catch((e) => {
  throw new Error(`${e.message}; the server said:\n${server.stderr()}`);
});

describe('e-mail delivery', () => {
  it('e-mails instructions already due at booking at once, and leaves the rest to the worklist', async () => {
    const withEmail = validPatient({ email: 'avery.mail@example.org' });
    const reached = (await desk('POST', '/api/v1/patients', { body: withEmail })).json.id;
    const unreachable = (await desk('POST', '/api/v1/patients', { body: validPatient({ email: undefined }) })).json.id;
    // Booked for tomorrow: both instructions (48 h and 24 h before) are already late.
    const tomorrow = new Date(Date.now() + 20 * 3600e3).toISOString();
    for (const [patient_id, hour] of [[reached, 0], [unreachable, 3]]) {
      const booked = await prescriber('POST', '/api/v1/sessions', {
        body: { patient_id, protocol: 'iv_ketamine', scheduled_at: new Date(Date.parse(tomorrow) + hour * 3600e3).toISOString(), chair: 'Chair 1', dose_mg_per_kg: 0.5, concentration_mg_per_ml: 10 },
      });
      assert.equal(booked.status, 201, booked.text);
    }
    const received = await waitFor(() => (mails().length >= 2 ? mails() : null), 'two e-mails');
    assert.equal(received.length, 2);
    for (const mail of received) {
      assert.match(mail, /^To: <avery\.mail@example\.org>$/m);
      assert.match(mail, /^From: Plasticity Clinic <desk@clinic\.example>$/m);
      assert.match(mail, /^Subject: Your appointment on \d{4}-\d\d-\d\d at \d\d:\d\d$/m);
      assert.match(mail, /^Content-Type: text\/plain; charset=utf-8$/m);
    }
    assert.ok(received.some((m) => m.includes('A responsible adult must accompany you home after your treatment.')), 'the escort instruction');
    assert.ok(received.some((m) => m.includes('Do not drive or operate machinery until the next day')), 'the driving instruction');

    const outbox = (await desk('GET', '/api/v1/outbox?status=all')).json.items;
    const sent = outbox.filter((m) => m.patient_id === reached);
    assert.deepEqual(sent.map((m) => m.status), ['sent', 'sent']);
    const waiting = outbox.filter((m) => m.patient_id === unreachable);
    assert.ok(waiting.length === 2 && waiting.every((m) => m.status === 'pending' && m.late && !m.email_on_file));
    assert.deepEqual(sent[0].patient.mrn, withEmail.mrn);
    const trail = (await admin('GET', `/api/v1/audit?patient_id=${reached}&action=outbox`)).json.items;
    assert.deepEqual(trail.filter((e) => e.action === 'outbox.email').map((e) => `${e.outcome} ${e.username} ${e.role}`), ['success outbox system', 'success outbox system']);
    assert.ok(trail.some((e) => e.action === 'outbox.read' && e.username === 'm.desk'), 'the worklist read is audited too');
  });

  it('e-mails a self-report link on request, or says why it cannot', async () => {
    const nurse = client(server.url, await signIn(server.url, 'm.prescriber'));
    const patient = (await desk('POST', '/api/v1/patients', { body: validPatient({ email: 'link.mail@example.org' }) })).json.id;
    const before = mails().length;
    const sent = await nurse('POST', `/api/v1/patients/${patient}/assessment-links`, { body: { instruments: ['phq9'], send_by_email: true } });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(sent.json.emailed_to, 'link.mail@example.org');
    assert.match(sent.json.url, /^https:\/\/clinic\.example\/q\/[A-Za-z0-9_-]{43}$/);
    const mail = (await waitFor(() => (mails().length > before ? mails() : null), 'the link e-mail')).find((m) => m.includes(sent.json.url));
    assert.ok(mail, 'the e-mail carries the link');
    assert.match(mail, /^Subject: Questionnaires from your clinic$/m);
    assert.match(mail, /988/);
    const none = (await desk('POST', '/api/v1/patients', { body: validPatient({ email: undefined }) })).json.id;
    const refused = await nurse('POST', `/api/v1/patients/${none}/assessment-links`, { body: { instruments: ['phq9'], send_by_email: true } });
    assert.deepEqual([refused.status, refused.json.type], [409, 'urn:plasticity:problem:no-email-on-file']);
    assert.equal((await nurse('POST', `/api/v1/patients/${none}/assessment-links`, { body: { instruments: ['phq9'], send_by_email: 'yes' } })).json.errors[0].rule, 'boolean');
  });
});
