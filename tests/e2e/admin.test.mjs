// Administration as an administrator and as an organisation admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, audit, signIn, noErrors } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const heading = (page, name) => page.getByRole('heading', { level: 1, name });

test('an administrator creates an organisation and an account, and the account signs in', async () => {
  const page = await env.page();
  await page.goto(env.base + '/admin/organisations');
  await signIn(page, 'admin');
  await heading(page, 'Organisaatiot').waitFor();
  await page.getByRole('button', { name: 'Nimeä uudelleen' }).first().waitFor();
  await audit(page, 'organisations');
  await page.getByLabel('Nimi').fill('Kallion koulu');
  await page.getByLabel('Tyyppi').selectOption('school');
  await page.getByRole('button', { name: 'Luo organisaatio' }).click();
  await page.getByText('Organisaatio Kallion koulu luotu.').waitFor();
  await page.getByText('Kallion koulu', { exact: true }).waitFor();

  await page.getByRole('link', { name: 'Käyttäjät' }).click();
  await heading(page, 'Käyttäjät').waitFor();
  await page.getByText('Oona Oppilas').waitFor();
  await audit(page, 'users');
  await page.getByLabel('Käyttäjätunnus').fill('maija');
  await page.getByLabel('Nimi', { exact: true }).first().fill('Maija Meikäläinen');
  await page.getByLabel('Organisaatio', { exact: true }).selectOption({ label: 'Demo School' });
  await page.getByLabel('Oppilas').check();
  await page.getByRole('button', { name: 'Luo käyttäjätili' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Kertakäyttöinen salasana' });
  await notice.waitFor();
  const initial = (await notice.locator('code').textContent()).trim();
  assert.match(initial, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  await audit(page, 'users with initial password');

  const newcomer = await env.page();
  await newcomer.goto(env.base + '/');
  await signIn(newcomer, 'maija', initial);
  await newcomer.waitForURL(/\/change-password/);
  noErrors(page);
  noErrors(newcomer);
});

test('the user list searches and an organisation admin sees only their school', async () => {
  const page = await env.page();
  await page.goto(env.base + '/admin/users');
  await signIn(page, 'rehtori');
  await heading(page, 'Käyttäjät').waitFor();
  await page.getByText('Olli Opettaja').waitFor();
  assert.equal(await page.getByText('Jenni Jäsen').count(), 0);
  await page.getByLabel('Hae nimellä, tunnuksella tai sähköpostilla').fill('oona');
  await page.getByText('Olli Opettaja').waitFor({ state: 'detached' });
  await page.getByText('Oona Oppilas').waitFor();
  // Organisations are not offered to an organisation admin.
  assert.equal(await page.getByRole('link', { name: 'Organisaatiot' }).count(), 0);
  // Reset a password (the confirmation is accepted) and deactivate the account.
  const row = page.getByRole('listitem').filter({ hasText: 'Oona Oppilas' });
  await row.getByRole('button', { name: /Uusi salasana/ }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Kertakäyttöinen salasana' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /Oona Oppilas \(oppilas\)/);
  await notice.getByRole('button', { name: 'Valmis' }).click();
  await row.getByRole('button', { name: /Muokkaa/ }).click();
  await row.getByLabel('Saa kirjautua').uncheck();
  await row.getByRole('button', { name: 'Tallenna' }).click();
  await page.getByText('Käyttäjän Oona Oppilas tiedot tallennettu.').waitFor();
  await page.getByRole('listitem').filter({ hasText: 'Oona Oppilas' }).getByText('Poistettu käytöstä').waitFor();
  const login = await fetch(`${env.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'oppilas', password: 'arkki-demo' }),
  });
  assert.equal(login.status, 401, 'the old password no longer works');
  noErrors(page);
});
