// The marketplace on a phone, end to end: a Docent+ finds an activity and sends a request, the
// provider turns it into a weborder, the budget holder approves it and the budget drops by the
// amount, the operator builds a payout batch, and the provider sees the statement.
// Uses the Deltacollege Middelburg and Museum aan de Schelde demo accounts (the demo server
// gives Middelburg paid budget; the e2e server runs without cooling-off).
import { test } from '@playwright/test';
import { expect, hydrated, login, section } from './helpers.mjs';

const DOCENT_PLUS = 'docentplus@deltacollege.demo';
const HOLDER = 'budgethouder@deltacollege.demo';
const MUSEUM = 'educatie@museumaandeschelde.demo';

async function fresh(browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('from a search to a paid-out weborder, each side in its own portal', async ({ page, browser }) => {
  // The Docent+ searches with a Dutch word and a filter, without knowing the exact spelling.
  await login(page, DOCENT_PLUS);
  await expect(page).toHaveURL(/\/teacher$/);
  await section(page, 'Aanbod zoeken');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanbod zoeken');
  await page.getByLabel('Zoekwoorden').fill('zeeuwse tekenen');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page).toHaveURL(/q=zeeuwse/);
  const result = page.locator('.offer-list .row-card', { hasText: 'Zeeuwse zee' });
  await expect(result).toContainText('Museum aan de Schelde');
  await expect(result).toContainText('€ 9,75');
  await result.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Zeeuwse zee');
  await hydrated(page);
  await page.getByLabel('Voorkeursdata').fill('half maart, dinsdagochtend');
  await page.getByLabel('Studenten').fill('24');
  await page.getByLabel('Bericht').fill('Wij komen graag met klas 2B (Zorg en welzijn).');
  await page.getByRole('button', { name: 'Aanvraag sturen' }).click();
  await expect(page).toHaveURL(/\/teacher\/requests\/\d+/);
  await expect(page.locator('.thread')).toContainText('klas 2B');

  // The museum answers and makes the weborder from the request; the school's name confirms the CJP number.
  const museum = await fresh(browser);
  await login(museum.page, MUSEUM);
  await expect(museum.page).toHaveURL(/\/provider$/);
  await museum.page.goto('/provider/requests');
  await museum.page.locator('.row-card', { hasText: 'Zeeuwse zee' }).getByRole('link').first().click();
  await expect(museum.page.locator('.messages')).toContainText('klas 2B');
  await museum.page.getByRole('link', { name: 'Maak een weborder van deze aanvraag' }).click();
  await expect(museum.page.getByRole('status')).toContainText('Deltacollege');
  await hydrated(museum.page);
  await museum.page.getByLabel('Datum activiteit').fill('2027-03-16');
  await expect(museum.page.getByLabel('Aantal studenten')).toHaveValue('24');
  await museum.page.getByLabel('Bedrag').fill('234,00');
  await museum.page.getByRole('button', { name: 'Weborder versturen' }).click();
  await expect(museum.page).toHaveURL(/\/provider\/weborders\/\d+/);
  await expect(museum.page.locator('body')).toContainText('wacht op goedkeuring');

  // The budget holder sees the weborder and the budget, and approves: the budget drops at once.
  const school = await fresh(browser);
  await login(school.page, HOLDER);
  await expect(school.page).toHaveURL(/\/school$/);
  await school.page.goto('/school/weborders');
  const card = school.page.locator('section.card', { hasText: 'Middelburg' });
  await expect(card.locator('.money-stats')).toContainText('€ 8.400,00');
  await school.page.locator('.row-card', { hasText: 'Zeeuwse zee' }).getByRole('link').first().click();
  await expect(school.page.locator('.facts')).toContainText('€ 234,00');
  await hydrated(school.page);
  await school.page.getByRole('button', { name: 'Goedkeuren' }).click();
  await expect(school.page.getByRole('status')).toContainText('goedgekeurd');
  await expect(school.page.locator('.facts')).toContainText('€ 8.166,00');
  await school.page.goto('/school/weborders');
  await expect(school.page.locator('section.card', { hasText: 'Middelburg' }).locator('.money-stats')).toContainText('€ 8.166,00');

  // The Docent+ who asked sees the booking and where it stands on the request, and is told.
  await page.goto('/teacher/requests');
  await page.locator('.row-card', { hasText: 'Zeeuwse zee' }).getByRole('link').first().click();
  const bookings = page.getByRole('region', { name: 'Boekingen (weborders)' });
  await expect(bookings).toContainText('16 maart 2027 · 24 studenten · € 234,00');
  await expect(bookings.locator('.badge')).toHaveText('goedgekeurd');

  // The operator builds a payout batch (after a confirmation) with the ready weborder.
  const admin = await fresh(browser);
  await login(admin.page, 'beheer@cultuurkaart.demo');
  await expect(admin.page).toHaveURL(/\/admin$/);
  await admin.page.goto(`/admin/mail?to=${encodeURIComponent(DOCENT_PLUS)}`);
  await expect(admin.page.locator('.row-card').first()).toContainText('Weborder goedgekeurd');
  await admin.page.goto('/admin/payouts');
  await expect(admin.page.locator('body')).toContainText('Museum aan de Schelde');
  await admin.page.getByRole('link', { name: 'Uitbetalingsbatch maken' }).click();
  await hydrated(admin.page);
  await admin.page.getByRole('button', { name: 'Ja, batch maken' }).click();
  await expect(admin.page.getByRole('status')).toContainText('Uitbetalingsbatch gemaakt');
  await expect(admin.page.locator('.row-card', { hasText: 'PB-' }).first()).toContainText('€ 234,00');
  // The SEPA file pays from the platform's account to the provider's own, never to itself.
  const batch = admin.page.locator('.row-card', { hasText: 'PB-' }).first();
  const sepa = await admin.page.request.get(await batch.getByRole('link', { name: 'SEPA-bestand (pain.001)' }).getAttribute('href'));
  const xml = await sepa.text();
  const debtor = xml.match(/<DbtrAcct>\s*<Id>\s*<IBAN>(\w+)</)[1];
  const creditors = [...xml.matchAll(/<CdtrAcct>\s*<Id>\s*<IBAN>(\w+)</g)].map((m) => m[1]);
  expect(creditors.length).toBeGreaterThan(0);
  expect(creditors).not.toContain(debtor);

  // The provider sees the statement of the payout with a PDF and a CSV.
  await museum.page.goto('/provider/payouts');
  const statement = museum.page.locator('.row-card', { hasText: 'PB-' }).first();
  await expect(statement).toContainText('€ 234,00');
  const pdf = await museum.page.request.get(await statement.getByRole('link', { name: 'Specificatie (pdf)' }).getAttribute('href'));
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  const csv = await museum.page.request.get(await statement.getByRole('link', { name: 'Specificatie (CSV)' }).getAttribute('href'));
  expect(await csv.text()).toContain('234,00');

  for (const c of [museum, school, admin]) await c.context.close();
});

/** Fills the sign-up form; `fields` overrides the good values. */
async function fillSignup(page, fields) {
  await page.getByLabel('Naam organisatie').fill(fields.organisation);
  await page.getByLabel('KvK-nummer').fill(fields.kvk);
  await page.getByLabel('Plaats').fill('Zwolle');
  await page.getByLabel('IBAN').fill(fields.iban);
  await page.getByLabel('Tenaamstelling').fill('Stichting Het Lichtpunt');
  await page.getByLabel('Naam contactpersoon').fill('Eva Smit');
  await page.getByLabel('E-mailadres contactpersoon').fill(fields.email);
  await page.getByLabel(/Ik ga akkoord/).check();
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
}

test('a provider signs up without JavaScript and waits for vetting', async ({ browser }) => {
  // A KvK number, name and address no earlier run against this server used.
  const stamp = String(Date.now()).slice(-8);
  const organisation = `Theater Het Lichtpunt ${stamp}`;
  const email = `eva.${stamp}@lichtpunt.example`;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/provider/signup');
  await fillSignup(page, { organisation, kvk: '1234', iban: 'NL00 RABO 0000 0000 00', email });
  await expect(page.getByRole('alert').first()).toContainText('8 cijfers');
  await expect(page.getByRole('alert').first()).toContainText('IBAN');

  // Corrected (the form comes back empty without JavaScript), the sign-up goes through.
  await fillSignup(page, { organisation, kvk: stamp, iban: 'NL91 ABNA 0417 1643 00', email });
  await expect(page).toHaveURL(/\/provider\/signup\?done=signed_up$/);
  await expect(page.getByRole('status')).toContainText('Bedankt voor je aanmelding!');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Aanmelden', exact: true })).toHaveCount(0);
  await context.close();

  // The operator sees the provider waiting for a check, with its bank account to check.
  const admin = await fresh(browser);
  await login(admin.page, 'beheer@cultuurkaart.demo');
  await expect(admin.page).toHaveURL(/\/admin$/);
  await admin.page.goto(`/admin/mail?to=${encodeURIComponent(DOCENT_PLUS)}`);
  await expect(admin.page.locator('.row-card').first()).toContainText('Weborder goedgekeurd');
  await admin.page.goto('/admin/providers?status=pending');
  const row = admin.page.locator('.row-card', { hasText: organisation });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`KvK-nummer: ${stamp} · Zwolle`);
  await expect(row).toContainText('Wacht op controle');
  await expect(row).toContainText('Rekeningnummer te controleren');

  // The contact got the mail with a link to choose a password.
  await admin.page.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  const mail = admin.page.locator('.row-card', { hasText: 'Aanmelding ontvangen' });
  await expect(mail).toHaveCount(1);
  await mail.getByText('Bekijk bericht').click();
  expect(await mail.locator('.mail-body a').first().getAttribute('href')).toContain('/invite/');
  await admin.context.close();
});

test('an offer found with filters leads back to the same search, and names each accessibility fact once', async ({ page }) => {
  await login(page, DOCENT_PLUS);
  await expect(page).toHaveURL(/\/teacher$/);
  await page.goto('/teacher/catalogue?q=zeeuwse&region=ZE&level=2');
  await page.locator('.offer-list .row-card', { hasText: 'Zeeuwse zee' }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Zeeuwse zee');
  const facts = page.locator('.facts');
  await expect(facts).toContainText('Rolstoeltoegankelijk. Invalidentoilet en ringleiding in de zaal.');
  expect((await facts.innerText()).match(/Rolstoeltoegankelijk/gi)).toHaveLength(1);
  await page.getByRole('link', { name: 'Terug naar het overzicht' }).click();
  await expect(page).toHaveURL(/\/teacher\/catalogue\?q=zeeuwse&level=2&region=ZE$/);
  await expect(page.getByLabel('Zoekwoorden')).toHaveValue('zeeuwse');
  await expect(page.getByLabel('Niveau')).toHaveValue('2');
  await expect(page.locator('.offer-list .row-card', { hasText: 'Zeeuwse zee' })).toBeVisible();
  // One result is one "resultaat"; more are "resultaten".
  await expect(page.locator('.pager')).toHaveText(/· 1 resultaat$/);
  await page.goto('/teacher/catalogue');
  await expect(page.locator('.pager')).toHaveText(/· \d+ resultaten$/);
});

test('a provider finds a school by its number as typed, sends a weborder with a Dutch amount and withdraws it before the school decides', async ({ page }) => {
  await login(page, MUSEUM);
  await expect(page).toHaveURL(/\/provider$/);
  await page.goto('/provider/weborders/new');
  await page.getByLabel('CJP-schoolnummer').fill('270001');
  await page.getByRole('button', { name: 'Vestiging zoeken' }).click();
  await expect(page.getByRole('status')).toContainText('Deltacollege');
  await hydrated(page);
  await page.getByLabel('Aanbod', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Datum activiteit').fill('2027-03-17');
  await page.getByLabel('Aantal studenten').fill('20');
  await page.getByLabel('Bedrag').fill('1.234,50');
  await page.getByLabel('Naam docent').fill('Karim Benali');
  await page.getByLabel('E-mailadres docent').fill('docentplus@deltacollege.demo');
  await page.getByRole('button', { name: 'Weborder versturen' }).click();
  await expect(page).toHaveURL(/\/provider\/weborders\/\d+/);
  await expect(page.locator('.facts')).toContainText('€ 1.234,50');
  await expect(page.locator('body')).toContainText('wacht op goedkeuring');
  // Withdrawn with a reason, after a warning that says what happens.
  await page.getByRole('link', { name: 'Weborder intrekken' }).click();
  const warning = page.getByRole('alertdialog');
  await expect(warning).toContainText('de budgethouders en de docent krijgen een mail');
  await warning.getByLabel('Reden').fill('De rondleiding is verplaatst naar het najaar.');
  await hydrated(page);
  await warning.getByRole('button', { name: 'Ja, weborder intrekken' }).click();
  await expect(page.getByRole('status')).toContainText('De weborder is geannuleerd');
  await expect(page.locator('body')).toContainText('geannuleerd');
  await expect(page.getByRole('link', { name: 'Weborder intrekken' })).toHaveCount(0);
});
