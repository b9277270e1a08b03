// Patient instructions delivered by e-mail through a real SMTP server (Debian's python3-aiosmtpd,
// writing a Maildir), the clinic's relay configured in DATA/smtp.json; messages for patients
// without an address wait on the worklist, flagged when late.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addUser, client, makeDataDir, removeDataDir, signIn, startServer, stopAllServers, validPatient } from '../support/server.mjs';

let dataDir, maildir, smtp, server, admin, prescriber, desk;
const port = 20000 + Math.floor(Math.random() * 20000);

const listening = (p) =>
  new Promise((resolve) => {
    const socket = createConnection(p, '127.0.0.1', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

before(async () => {
  dataDir = makeDataDir();
  // aiosmtpd's Mailbox makes the Maildir's cur/new/tmp only when the folder does not exist yet.
  maildir = join(mkdtempSync(join(tmpdir(), 'plasticity-mail-')), 'Maildir');
  smtp = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  writeFileSync(join(dataDir, 'smtp.json'), JSON.stringify({
    host: '127.0.0.1', port, security: 'none', from: 'Plasticity Clinic <desk@clinic.example>', public_url: 'https://clinic.example/',
  }));
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
  smtp?.kill();
  removeDataDir(dataDir);
  rmSync(join(maildir, '..'), { recursive: true, force: true });
});

// The Maildir appears with the first message.
const mails = () => {
  const dir = join(maildir, 'new');
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
};
async function waitFor(check, what) {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the server said:\n${server.stderr()}`);
}

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
