// Starts a fresh Arkki server with demo data, opens headless Chromium, and audits pages
// with axe-core. Each test file gets its own server, port and database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');
const serverBinary = join(targetDir, 'release', 'arkki-server');
const dist = process.env.ARKKI_E2E_DIST || join(root, 'dist');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
export const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

export const BROWSER_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(base, child) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

/** A running server and browser; `close()` stops both and removes the data. */
export async function start() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'arkki-e2e-'));
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(serverBinary, ['--demo', '--data-dir', dataDir, '--dist', dist], {
    env: { ...process.env, ARKKI_ADDR: `127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(base, child);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: BROWSER_FLAGS });
  return {
    base,
    browser,
    async page(options = {}) {
      const context = await browser.newContext({ locale: 'fi-FI', ...options });
      const page = await context.newPage();
      // Uncaught errors in the app fail the test that caused them (see `noErrors`).
      page.appErrors = [];
      page.on('pageerror', (e) => page.appErrors.push(String(e)));
      page.on('dialog', (d) => { page.dialogs = [...(page.dialogs || []), d.message()]; d.accept(); });
      return page;
    },
    async close() {
      await browser.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
export async function audit(page, label) {
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const severe = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(severe, [], `axe violations on ${label}: ${JSON.stringify(severe, null, 1)}`);
}

/** Signs in through the form, as a person would. */
export async function signIn(page, username, password = 'arkki-demo') {
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
}

/** Asserts the app raised no uncaught error on this page. */
export function noErrors(page) {
  assert.deepEqual(page.appErrors, [], 'uncaught errors in the app');
}

/** A direct API client for arranging a scene (another person acting meanwhile). */
export async function apiAs(base, username, password = 'arkki-demo') {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(r.status, 201, `API sign-in as ${username}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}
