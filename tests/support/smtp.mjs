// A real SMTP server for tests: Debian's python3-aiosmtpd writing each message into a Maildir.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const listening = (port) =>
  new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

// Resolves once the server accepts connections: { port, mails(), smtpJson(extra), stop() }. On a
// free port of its choosing, or on `port` (a relay started again where a stopped one was).
export async function startSmtpServer({ port = 20000 + Math.floor(Math.random() * 20000) } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'plasticity-mail-'));
  // aiosmtpd's Mailbox makes the Maildir's cur/new/tmp only when the folder does not exist yet.
  const maildir = join(folder, 'Maildir');
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await listening(port))) throw new Error('aiosmtpd did not start (is python3-aiosmtpd installed?)');
  return {
    port,
    // The messages received so far, as their raw text.
    mails: () => {
      const dir = join(maildir, 'new');
      return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
    },
    // DATA/smtp.json for a Plasticity server that sends through this one.
    smtpJson: (extra = {}) => JSON.stringify({ host: '127.0.0.1', port, security: 'none', from: 'Plasticity Clinic <desk@clinic.example>', ...extra }),
    stop: () => {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

// Waits up to 10 s for `check` to give something truthy.
export async function waitFor(check, what) {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
