// Time to render a 60 KB terms version in the browser (goal: at most 50 ms).
// Run with `make bench`. Measures, in headless Chromium against the release build:
// - render: from the moment the version's JSON has fully arrived (resource timing
//   responseEnd) until the text is in the DOM, and until the next animation frame;
// - total: from navigation start to that frame (includes loading the app itself).
import { start, signIn, apiAs } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 9);

function legalText(lang) {
  let text = `# Yleiset sopimusehdot (${lang})\n\n`;
  let section = 0;
  while (text.length < 60_000) {
    section += 1;
    text += `## ${section}. Sopimuksen kohde, soveltamisala ja määritelmät\n\n`;
    for (let item = 1; item <= 4; item++) {
      text += `${item}. Käyttäjä sitoutuu noudattamaan näitä ehtoja; ne koskevat myös ääkkösiä, öljyä ja åsikter.\n`;
      text += '   1. Alakohta, jossa täsmennetään osapuolten velvollisuuksia ja vastuita.\n';
      text += '   2. Toinen alakohta, jossa viitataan [tietosuojaselosteeseen](/terms).\n';
    }
    text += '\n';
  }
  return text;
}

const env = await start();
try {
  const admin = await apiAs(env.base, 'admin');
  const texts = ['fi', 'sv', 'en'].map((l) => ({ locale: l, title: `Pitkät ehdot ${l}`, body_markdown: legalText(l) }));
  const bytes = Buffer.byteLength(texts[0].body_markdown);
  const draft = await admin('POST', '/admin/terms/documents/1/versions', { texts });
  if (draft.status !== 201) throw new Error(`draft: ${JSON.stringify(draft.body)}`);
  const id = draft.body.id;
  await admin('POST', `/admin/terms/versions/${id}/publish`, { material: false });

  const page = await env.page();
  // Notes when the text enters the DOM, and the next frame after it.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.terms-body h3')) {
        window.__inserted = performance.now();
        requestAnimationFrame(() => { window.__frame = performance.now(); });
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(env.base + '/sign-in');
  await signIn(page, 'admin');
  await page.getByRole('heading', { level: 1, name: /Tervetuloa/ }).waitFor();
  const render = [];
  const frames = [];
  const total = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${env.base}/terms/versions/${id}?locale=fi`);
    await page.locator('.terms-body h3').first().waitFor();
    await page.waitForFunction(() => window.__frame !== undefined);
    const t = await page.evaluate((versionId) => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes(`/api/v1/terms/versions/${versionId}`));
      return { inserted: window.__inserted, frame: window.__frame, responseEnd: entry ? entry.responseEnd : NaN };
    }, id);
    render.push(t.inserted - t.responseEnd);
    frames.push(t.frame - t.responseEnd);
    total.push(t.frame);
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const fmt = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
  console.log(`terms version of ${(bytes / 1024).toFixed(1)} KB Markdown, ${RUNS} runs (headless Chromium, loopback)`);
  console.log(`render (JSON arrived -> text in the DOM): median ${median(render).toFixed(1)} ms; runs ${fmt(render)}`);
  console.log(`render to next frame (JSON arrived -> first frame with the text): median ${median(frames).toFixed(1)} ms; runs ${fmt(frames)}`);
  console.log(`total (navigation start -> first frame with the text): median ${median(total).toFixed(1)} ms`);
  console.log(`goal 50 ms (render to next frame): ${median(frames) <= 50 ? 'met' : 'NOT met'}`);
} finally {
  await env.close();
}
