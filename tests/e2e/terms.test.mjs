// Terms acceptance as people meet it: the first-login gate, declining, new terms mid-use,
// the diff, receipts, withdrawing a consent, and the administrator's side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, audit, signIn, noErrors, apiAs } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const heading = (page, name, level = 1) => page.getByRole('heading', { level, name });

async function newStudent(username) {
  const admin = await apiAs(env.base, 'admin');
  const orgs = await admin('GET', '/admin/organisations');
  const school = orgs.body.items.find((o) => o.name === 'Demo School').id;
  const created = await admin('POST', '/admin/users', {
    username, display_name: `Testi ${username}`, organisation_id: school, roles: ['student'],
  });
  assert.equal(created.status, 201);
  return created.body.initial_password;
}

async function firstSignIn(page, username, initial) {
  await page.goto(env.base + '/account');
  await signIn(page, username, initial);
  await page.getByLabel('Nykyinen salasana').fill(initial);
  await page.getByLabel('Uusi salasana', { exact: true }).fill('kissa-koira-hevonen');
  await page.getByLabel('Uusi salasana uudelleen').fill('kissa-koira-hevonen');
  await page.getByRole('button', { name: 'Vaihda salasana' }).click();
  await heading(page, 'Palvelun ehdot').waitFor();
}

test('first login: each document in order, nothing pre-ticked, then the page asked for', async () => {
  const page = await env.page();
  await firstSignIn(page, 'maija', await newStudent('maija'));
  await page.getByText('Asiakirja 1/3').waitFor();
  await page.locator('#terms-document-heading', { hasText: 'Arkin käyttöehdot' }).waitFor();
  await audit(page, 'terms gate');
  const accept = page.getByRole('button', { name: 'Hyväksy', exact: true });
  const tick = page.getByLabel('Olen lukenut ehdot ja hyväksyn ne');
  assert.equal(await tick.isChecked(), false);
  assert.equal(await accept.isDisabled(), true);
  await tick.focus();
  await page.keyboard.press('Space');
  await accept.click();
  await page.locator('#terms-document-heading', { hasText: 'Tietosuojaseloste' }).waitFor();
  await page.getByLabel('Olen lukenut ehdot ja hyväksyn ne').check();
  await page.getByRole('button', { name: 'Hyväksy', exact: true }).click();
  // The optional research consent asks for an explicit choice.
  await page.locator('#terms-document-heading', { hasText: 'Suostumus tutkimukseen' }).waitFor();
  const yes = page.getByLabel('Annan suostumuksen');
  const no = page.getByLabel('En anna suostumusta');
  assert.equal(await yes.isChecked(), false);
  assert.equal(await no.isChecked(), false);
  assert.equal(await page.getByRole('button', { name: 'Tallenna valinta' }).isDisabled(), true);
  await audit(page, 'optional consent');
  await no.check();
  await page.getByRole('button', { name: 'Tallenna valinta' }).click();
  await heading(page, 'Oma tili').waitFor();
  assert.equal(new URL(page.url()).pathname, '/account');
  await page.goto(env.base + '/terms');
  await heading(page, 'Omat ehdot').waitFor();
  // The history loads after the heading: wait for it before counting.
  await page.getByText('Hylätty', { exact: true }).waitFor();
  assert.equal(await page.getByText('Hyväksytty', { exact: true }).count(), 2);
  await audit(page, 'my terms');
  noErrors(page);
});

test('declining leaves a limited mode that explains itself and can be left by accepting', async () => {
  const page = await env.page();
  await firstSignIn(page, 'pekka', await newStudent('pekka'));
  await page.getByText('Jos et hyväksy, et voi käyttää palvelua').waitFor();
  await page.getByRole('button', { name: 'En hyväksy' }).click();
  await page.locator('#terms-document-heading', { hasText: 'Tietosuojaseloste' }).waitFor();
  await page.getByRole('button', { name: 'En hyväksy' }).click();
  await page.getByLabel('En anna suostumusta').check();
  await page.getByRole('button', { name: 'Tallenna valinta' }).click();
  await heading(page, 'Käyttö on rajattu').waitFor();
  await audit(page, 'limited mode');
  await page.getByRole('link', { name: 'Lataa omat tiedot' }).waitFor();
  await page.getByRole('button', { name: 'Pyydä tilin poistamista' }).click();
  await page.getByText('Poistopyyntö lähetetty ylläpitäjälle.').waitFor();
  // The server agrees: pekka cannot use the service.
  const pekka = await apiAs(env.base, 'pekka', 'kissa-koira-hevonen');
  assert.equal((await pekka('GET', '/admin/users')).body.code, 'terms_pending');
  await page.getByRole('button', { name: 'Lue ehdot uudelleen' }).click();
  await page.locator('#terms-document-heading', { hasText: 'Arkin käyttöehdot' }).waitFor();
  await page.getByLabel('Olen lukenut ehdot ja hyväksyn ne').check();
  await page.getByRole('button', { name: 'Hyväksy', exact: true }).click();
  await page.locator('#terms-document-heading', { hasText: 'Tietosuojaseloste' }).waitFor();
  await page.getByLabel('Olen lukenut ehdot ja hyväksyn ne').check();
  await page.getByRole('button', { name: 'Hyväksy', exact: true }).click();
  await heading(page, 'Oma tili').waitFor();
  noErrors(page);
});

test('the organisation admin completes the deletion request asked from the limited mode', async () => {
  const page = await env.page();
  await page.goto(env.base + '/admin/users');
  await signIn(page, 'rehtori');
  const requests = page.getByRole('region', { name: 'Poistopyynnöt' });
  await requests.getByText('Testi pekka (pekka)', { exact: true }).waitFor();
  await audit(page, 'users with deletion requests');
  await requests.getByRole('button', { name: /Poista henkilötiedot/ }).click();
  await page.getByText('Tilin henkilötiedot poistettu.').waitFor();
  await requests.waitFor({ state: 'detached' });
  const login = await fetch(`${env.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pekka', password: 'kissa-koira-hevonen' }),
  });
  assert.equal(login.status, 401);
  noErrors(page);
});

test('My terms: read the exact text, download a receipt, withdraw a consent', async () => {
  const page = await env.page();
  await page.goto(env.base + '/terms');
  await signIn(page, 'oppilas');
  await heading(page, 'Omat ehdot').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Lataa kuitti' }).first().click(),
  ]);
  const receipt = readFileSync(await download.path(), 'utf8');
  assert.match(receipt, /SHA-256 of the text: [0-9a-f]{64}/);
  assert.match(receipt, /Time \(UTC\): \d{4}-\d{2}-\d{2}/);
  await page.getByRole('button', { name: 'Peru suostumus' }).click();
  await page.getByText('Suostumus peruttu.', { exact: true }).waitFor();
  await page.getByText('Suostumus peruttu', { exact: true }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Peru suostumus' }).count(), 0);
  await page.getByRole('link', { name: /Lue teksti/ }).first().click();
  await page.locator('#version-heading').waitFor();
  await page.getByText('SHA-256').waitFor();
  await audit(page, 'version text');
  noErrors(page);
});

test('an administrator drafts, previews, publishes and reads the report', async () => {
  const admin = await apiAs(env.base, 'admin');
  const page = await env.page();
  await page.goto(env.base + '/admin/terms');
  await signIn(page, 'admin');
  await heading(page, 'Ehtojen hallinta').waitFor();
  await audit(page, 'terms administration');
  const privacy = page.getByRole('region', { name: 'Tietosuojaseloste' });
  await privacy.getByRole('button', { name: 'Uusi versio' }).click();
  for (const [lang, label] of [['fi', 'Suomi'], ['sv', 'Svenska'], ['en', 'English']]) {
    const group = privacy.getByRole('group', { name: label });
    await group.getByLabel('Otsikko').fill(`Tietosuoja 2 ${lang}`);
    await group.getByLabel('Teksti (Markdown)').fill(`# Tietosuoja ${lang}\n\n<script>alert(1)</script>\n\n1. Kohta`);
  }
  await privacy.getByRole('group', { name: 'Suomi' }).getByRole('button', { name: 'Esikatsele' }).click();
  await privacy.locator('.terms-preview ol').waitFor();
  assert.equal(await privacy.locator('.terms-preview script').count(), 0);
  await privacy.getByRole('button', { name: 'Tallenna luonnos' }).click();
  await privacy.getByText('Luonnos').waitFor();
  await privacy.getByLabel('Olennainen muutos: kaikkien on hyväksyttävä uudelleen').uncheck();
  await privacy.getByRole('button', { name: 'Julkaise' }).click();
  await page.getByText('Tallennettu.').waitFor();
  await page.getByRole('region', { name: 'Käyttöehdot' }).getByRole('button', { name: 'Raportti' }).first().click();
  const table = page.getByRole('table', { name: 'Yhteensä' });
  await table.waitFor();
  assert.match(await table.textContent(), /Hyväksyneet/);
  await page.getByRole('table', { name: 'Rooleittain' }).waitFor();
  await page.getByRole('link', { name: 'Lataa CSV' }).first().waitFor();
  await audit(page, 'terms report');
  // A new optional document for one role.
  const form = page.getByRole('region', { name: 'Uusi asiakirja' });
  await form.getByLabel('Nimi').fill('Kuvauslupa');
  await form.getByLabel('Tyyppi').selectOption('research_consent');
  await form.getByLabel('Pakollinen').uncheck();
  await form.getByLabel('Kenelle').selectOption('role:student');
  await form.getByRole('button', { name: 'Luo asiakirja' }).click();
  await page.getByRole('region', { name: 'Kuvauslupa' }).waitFor();
  const documents = await admin('GET', '/admin/terms/documents');
  const created = documents.body.find((d) => d.name === 'Kuvauslupa');
  assert.deepEqual([created.compulsory, created.audience], [false, { kind: 'role', role: 'student' }]);
  noErrors(page);
});

test('a teacher records acceptance on behalf of a student, with a note', async () => {
  const page = await env.page();
  await page.goto(env.base + '/');
  await signIn(page, 'opettaja');
  await page.getByRole('link', { name: 'Oppilaiden ehdot' }).click();
  await heading(page, 'Oppilaiden ehdot').waitFor();
  const card = page.getByRole('region', { name: 'Urho Uusi (uusi)' });
  await card.waitFor();
  await audit(page, 'students terms');
  const item = card.getByRole('listitem').filter({ hasText: 'Arkin käyttöehdot' });
  await item.getByLabel(/Huomautus/).fill('Huoltajan lomake 1.9.2026');
  await item.getByRole('button', { name: 'Kirjaa hyväksyntä' }).click();
  await page.getByText('Hyväksyntä kirjattu.').waitFor();
  await card.getByText('Arkin käyttöehdot').waitFor({ state: 'detached' });
  const uusi = await apiAs(env.base, 'uusi');
  await uusi('POST', '/me/password', { current_password: 'arkki-demo', new_password: 'kissa-koira-hevonen' });
  const history = await uusi('GET', '/terms/history');
  assert.equal(history.body[0].kind, 'accepted_on_behalf');
  assert.equal(history.body[0].acting_user, 'Olli Opettaja');
  noErrors(page);
});

test('terms announced for later appear as a banner with a link to the new text', async () => {
  const admin = await apiAs(env.base, 'admin');
  const draft = await admin('POST', '/admin/terms/documents/2/versions', {
    texts: ['fi', 'sv', 'en'].map((l) => ({ locale: l, title: `Tietosuojaseloste 3 (${l})`, body_markdown: `# Tietosuoja (${l})\n\nTulossa.` })),
  });
  const tomorrow = Math.floor(Date.now() / 1000) + 86_400;
  await admin('POST', `/admin/terms/versions/${draft.body.id}/publish`, { material: true, effective_at: tomorrow });
  const page = await env.page();
  await page.goto(env.base + '/');
  await signIn(page, 'oppilas');
  const banner = page.getByRole('region', { name: 'Tiedotteet' });
  await banner.getByText(/Uudet ehdot \(Tietosuojaseloste 3 \(fi\)\) tulevat voimaan/).waitFor();
  await audit(page, 'home with banner');
  await banner.getByRole('link', { name: 'Lue uudet ehdot' }).click();
  await page.locator('#version-heading').waitFor();
  assert.equal(await page.locator('#version-heading').textContent(), 'Tietosuojaseloste 3 (fi)');
  noErrors(page);
});

test('new terms mid-use: the gate appears in place, shows the diff, and the action is retried', async () => {
  const page = await env.page();
  await page.goto(env.base + '/admin/users');
  await signIn(page, 'rehtori');
  await heading(page, 'Käyttäjät').waitFor();
  // Typing, then new terms take effect before the person submits.
  await page.getByLabel('Käyttäjätunnus').fill('ville');
  await page.getByLabel('Nimi', { exact: true }).first().fill('Ville Välitunti');
  await page.getByLabel('Oppilas').check();
  const admin = await apiAs(env.base, 'admin');
  const body = (l) => `# Arkin käyttöehdot (${l})\n\nUusi kohta: tunnuksen saa vain koulun oppilas.\n`;
  const draft = await admin('POST', '/admin/terms/documents/1/versions', {
    texts: ['fi', 'sv', 'en'].map((l) => ({ locale: l, title: `Käyttöehdot 2 (${l})`, body_markdown: body(l) })),
  });
  assert.equal(draft.status, 201);
  assert.equal((await admin('POST', `/admin/terms/versions/${draft.body.id}/publish`, { material: true })).status, 200);

  await page.getByRole('button', { name: 'Luo käyttäjätili' }).click();
  await heading(page, 'Palvelun ehdot').waitFor();
  await page.getByRole('button', { name: 'Näytä muutokset edelliseen hyväksymääsi versioon' }).click();
  const added = page.locator('ins').filter({ hasText: 'Uusi kohta: tunnuksen saa vain koulun oppilas.' });
  await added.waitFor();
  assert.ok(await page.locator('del').count() > 0);
  await audit(page, 'terms gate with diff');
  await page.getByLabel('Olen lukenut ehdot ja hyväksyn ne').check();
  await page.getByRole('button', { name: 'Hyväksy', exact: true }).click();
  // The parked request went through: the account exists and nothing typed was lost.
  const notice = page.getByRole('alert').filter({ hasText: 'Kertakäyttöinen salasana' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /Ville Välitunti \(ville\)/);
  noErrors(page);
});
