// Debian's chromium driven by playwright-core (never a downloaded browser), with the flags that
// keep it quiet on a closed network. playwright-core gives it a fresh temporary profile.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { removeDataDir, stopAllServers } from '../../tests/support/server.mjs';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Screenshots land in build/screenshots, for a person to look at after a run.
const SCREENSHOTS = new URL('../../build/screenshots/', import.meta.url).pathname;

export function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// A new page at `path`, signed in through the sign-in form (the demo clinic's password unless
// told). bypassCSP only for axe-core's injected script; every other test runs under the real policy.
export async function signedInPage(browser, baseUrl, username, path, { password = 'plasticity-demo', viewport = { width: 1280, height: 1000 }, bypassCSP = false, timezoneId } = {}) {
  const page = await browser.newPage({ viewport, bypassCSP, timezoneId });
  await page.goto(baseUrl + path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

// How every browser test file ends: the browser, its server and its data directory go.
export async function tearDown({ browser, server, dataDir }) {
  await browser?.close();
  await server?.stop();
  await stopAllServers();
  removeDataDir(dataDir);
}
