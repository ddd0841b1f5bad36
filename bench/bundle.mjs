// Bundle size and time to an interactive sign-in page.
// Run with `make bench` (it builds the release app and server first).
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { start } from '../tests/e2e/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const RUNS = Number(process.env.BENCH_RUNS || 9);
const BUDGET_BROTLI = 250 * 1024;

function sizes() {
  const rows = [];
  for (const name of readdirSync(dist)) {
    const ext = extname(name);
    if (!['.wasm', '.js', '.css', '.html'].includes(ext)) continue;
    const bytes = readFileSync(join(dist, name));
    rows.push({
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return rows;
}

async function timeToInteractive() {
  const env = await start();
  const times = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await env.page();
      await page.goto(env.base + '/sign-in', { waitUntil: 'commit' });
      // Interactive: the form is rendered by the app and its first field takes input.
      await page.locator('#sign-in-username').waitFor();
      await page.locator('#sign-in-username').fill('x');
      times.push(await page.evaluate(() => performance.now()));
      await page.context().close();
    }
  } finally {
    await env.close();
  }
  times.sort((a, b) => a - b);
  return { runs: times.map((t) => Math.round(t)), median: Math.round(times[Math.floor(times.length / 2)]) };
}

const rows = sizes();
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log('file'.padEnd(40), '     raw KB', '   gzip KB', ' brotli KB');
for (const r of rows) console.log(r.file.padEnd(40), kb(r.raw), '  ', kb(r.gzip), '  ', kb(r.brotli));
console.log('total'.padEnd(40), kb(total.raw), '  ', kb(total.gzip), '  ', kb(total.brotli));
console.log(`brotli budget ${BUDGET_BROTLI / 1024} KB: ${total.brotli <= BUDGET_BROTLI ? 'within' : 'OVER'}`);
const tti = await timeToInteractive();
console.log(`sign-in page interactive (headless Chromium, loopback, ${RUNS} runs): median ${tti.median} ms; runs ${tti.runs.join(', ')}`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'bundle.json'), JSON.stringify({ when: new Date().toISOString(), files: rows, total, sign_in_interactive_ms: tti }, null, 1));
