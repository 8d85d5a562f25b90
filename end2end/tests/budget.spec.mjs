// The money path on a phone: the budget holder orders budget with a live preview (the page's
// island) and a review step before it is sent, the confirmation waits in the outbox, the
// operator approves early, the invoice appears, the operator registers the payment, and the
// budget holder sees the released budget; dates that have passed are refused with that said.
import { test } from '@playwright/test';
import { expect, hydrated, login, section, watchErrors } from './helpers.mjs';

// Runs first, as the next one: they order nothing, and Amsterdam Zuid still has its order form.
test('without JavaScript the order is looked over on a review step before it is sent', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await login(page, 'budgethouder@roc-amstelland.demo', undefined, { js: false });
  await page.goto('/school/budget');
  const zuid = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  // The rule is on the form itself; the amounts follow on the review step.
  await expect(zuid).toContainText('Samen maximaal het DUO-aantal: 1240.');
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('600');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('40');
  await zuid.getByRole('button', { name: 'Bestelling bekijken' }).click();
  const review = zuid.getByRole('region', { name: 'Controleer je bestelling' });
  await expect(review).toContainText('640 studenten van maximaal 1240 (het DUO-aantal)');
  await expect(review).toContainText('Factuurbedrag€ 6.720,00');
  await expect(review).toContainText('Collectief budget€ 12.600,00');
  await expect(review).toContainText('Individueel tegoed€ 840,00');
  await expect(review.getByRole('button', { name: 'Bestelling indienen' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('order-review.png'), fullPage: true });
  // Nothing is ordered until that button is pressed; changing the numbers keeps them.
  await expect(zuid.locator('.order')).toHaveCount(0);
  await review.getByRole('link', { name: 'Aantallen aanpassen' }).click();
  await expect(zuid.getByLabel('Aantal studenten voor het collectieve budget')).toHaveValue('600');
  await expect(zuid.getByLabel('Aantal studenten met individueel tegoed')).toHaveValue('40');
  // A count that is not a whole number is named at the review step, nothing else shown.
  const location = new URL(page.url()).searchParams.get('edit');
  await page.goto(`/school/budget?review=${location}&collective=6%2C5&individual=40`);
  await expect(zuid.getByRole('region', { name: 'Controleer je bestelling' })).toHaveCount(0);
  await expect(zuid.getByRole('alert')).toContainText('Vul een heel getal in');
  await context.close();
});

// Runs early: it orders nothing, and Amsterdam Zuid still has its order form.
test('before the WASM arrives, links and buttons work and counts typed reach the preview once it runs', async ({ page }) => {
  const errors = watchErrors(page);
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  // Hold the WASM back for three seconds, as a slow phone network would.
  await page.route(/\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
  await page.goto('/school/budget');
  const zuid = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('300');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('200');
  expect(await page.evaluate(() => document.documentElement.dataset.islands)).toBeUndefined();
  await hydrated(page);
  // The counts typed before the island came alive are in the preview.
  await expect(zuid.locator('.preview')).toContainText('€ 5.250,00');
  await expect(zuid.locator('.preview')).toContainText('€ 6.300,00');

  // A button pressed before the WASM arrives sends the form to the review step: refused
  // (together more than the DUO count), with the error beside the fields and the counts still
  // in them.
  await page.goto('/school/budget');
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('1000');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('300');
  await zuid.getByRole('button', { name: 'Bestelling bekijken' }).click();
  await expect(page).toHaveURL(/review=/);
  await expect(zuid.getByRole('alert')).toContainText('niet hoger zijn dan het DUO-aantal');
  await expect(zuid.getByLabel('Aantal studenten voor het collectieve budget')).toHaveValue('1000');
  await expect(zuid.getByLabel('Aantal studenten met individueel tegoed')).toHaveValue('300');
  await expect(zuid.locator('.order')).toHaveCount(0);

  // A link pressed before the WASM arrives is followed.
  await page.goto('/school/budget');
  await page.getByRole('link', { name: 'Mutaties' }).first().click();
  await expect(page).toHaveURL(/\/school\/ledger\?location=/);
  expect(errors).toEqual([]);
});

test('a budget order goes from order to invoice to payment to available budget', async ({ page, browser }) => {
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await section(page, 'Budget');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Budget');
  await hydrated(page);
  const zuid = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await expect(zuid).toContainText('1240');
  // Together more than the DUO count: said while typing, and refused at the review step with
  // the field named, nothing ordered.
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('1000');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('300');
  await expect(zuid.locator('.preview')).toHaveText('Samen mogen de aantallen niet hoger zijn dan het DUO-aantal van de vestiging.');
  await expect(zuid.locator('.hint', { hasText: 'Samen maximaal het DUO-aantal' })).toHaveText('Samen maximaal het DUO-aantal: 1240.');
  await zuid.getByRole('button', { name: 'Bestelling bekijken' }).click();
  await expect(page).toHaveURL(/review=/);
  await expect(zuid.getByRole('alert')).toContainText('niet hoger zijn dan het DUO-aantal');
  await expect(zuid.locator('.field-error').first()).toContainText('niet hoger zijn dan het DUO-aantal');
  await expect(zuid.locator('.order')).toHaveCount(0);
  await expect(zuid.getByLabel('Aantal studenten voor het collectieve budget')).toHaveValue('1000');
  await expect(zuid.getByLabel('Aantal studenten met individueel tegoed')).toHaveValue('300');
  await hydrated(page);
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('300');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('200');
  await expect(zuid.locator('.preview')).toContainText('500 / 1240');
  await expect(zuid.locator('.preview')).toContainText('€ 5.250,00');
  await expect(zuid.locator('.preview')).toContainText('€ 6.300,00');
  await zuid.getByRole('button', { name: 'Bestelling bekijken' }).click();
  // The review step: what the order costs and releases, the DUO rule, what happens next.
  const review = zuid.getByRole('region', { name: 'Controleer je bestelling' });
  await expect(review).toContainText('500 studenten van maximaal 1240 (het DUO-aantal)');
  await expect(review).toContainText('Factuurbedrag€ 5.250,00');
  await expect(review).toContainText('Collectief budget€ 6.300,00');
  await expect(review).toContainText('Individueel tegoed€ 4.200,00');
  await expect(review).toContainText('Wijzigen of intrekken kan nog5 dagen');
  await expect(review).toContainText('als e-factuur naar het factuuradres');
  await expect(zuid.locator('.order')).toHaveCount(0);
  // Back to the form with the counts in it, and on to the review again.
  await review.getByRole('link', { name: 'Aantallen aanpassen' }).click();
  await expect(zuid.getByLabel('Aantal studenten voor het collectieve budget')).toHaveValue('300');
  await expect(zuid.getByLabel('Aantal studenten met individueel tegoed')).toHaveValue('200');
  await zuid.getByRole('button', { name: 'Bestelling bekijken' }).click();
  // Sent with a double tap, as on a slow phone: sent once.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) posts.push(r.url()); });
  await review.locator('form', { has: page.getByRole('button', { name: 'Bestelling indienen' }) })
    .evaluate((form) => { form.requestSubmit(); form.requestSubmit(); });
  await expect(page.getByRole('status')).toContainText('Je bestelling is ingediend');
  expect(posts.length).toBe(1);
  await expect(zuid.locator('.order')).toHaveCount(1);
  await expect(zuid.locator('.order')).toContainText('Ingediend');
  await expect(zuid.locator('.order')).toContainText('Wijzigen of intrekken kan tot');

  // A change goes through its own review: 250 students with credit instead of 200.
  await zuid.locator('.order').getByText('Wijzigen', { exact: true }).click();
  await zuid.locator('.order').getByLabel('Aantal studenten met individueel tegoed').fill('250');
  await zuid.locator('.order').getByRole('button', { name: 'Wijziging bekijken' }).click();
  const change = zuid.getByRole('region', { name: 'Controleer de wijziging' });
  await expect(change).toContainText('550 studenten van maximaal 1240');
  await expect(change).toContainText('Factuurbedrag€ 5.775,00');
  await expect(change).toContainText('Individueel tegoed€ 5.250,00');
  await expect(change).toContainText('Wijzigen of intrekken kan tot');
  await change.getByRole('button', { name: 'Wijziging opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('Je bestelling is gewijzigd');
  await expect(zuid.locator('.order')).toContainText('Individueel tegoed: 250');
  await expect(zuid.locator('.order')).toContainText('Factuurbedrag: € 5.775,00');

  const admin = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(admin, 'beheer@cultuurkaart.demo');
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto('/admin/mail?to=budgethouder%40roc-amstelland.demo');
  await expect(admin.locator('.row-card').first()).toContainText('Bestelling gewijzigd');
  await expect(admin.locator('.row-card').first()).toContainText('Factuurbedrag: € 5.775,00');
  await expect(admin.locator('.row-card').nth(1)).toContainText('Bestelling ontvangen');
  await admin.goto('/admin/orders?status=submitted');
  const order = admin.locator('.row-card', { hasText: 'Amsterdam Zuid' }).first();
  // Approving early sends the invoice out: it asks first, and says what will happen.
  await order.getByText('Nu goedkeuren').click();
  const confirmation = order.getByRole('alertdialog');
  await expect(confirmation).toContainText('meteen als e-factuur naar de school gemaild');
  await expect(confirmation).toContainText(/Factuurbedrag: € [\d.]+,\d\d \(ROC Amstelland — Amsterdam Zuid\)/);
  await expect(order).toContainText('Ingediend');
  await order.getByRole('button', { name: 'Ja, goedkeuren en factuur versturen' }).click();
  await expect(admin.getByRole('status')).toContainText('Bestelling goedgekeurd');
  await admin.goto('/admin/orders?status=approved');
  const approved = admin.locator('.row-card', { hasText: 'Amsterdam Zuid' }).first();
  await expect(approved).toContainText('Factuur CK-2026-');
  // The invoice went to the school's invoice address with the PDF and the e-invoice attached.
  await admin.goto('/admin/mail?to=facturen%40roc-amstelland.demo');
  await expect(admin.locator('.row-card').first()).toContainText(/Bijlagen: CK-2026-\d{6}\.pdf, CK-2026-\d{6}\.xml/);
  await admin.goto('/admin/orders?status=approved');
  await approved.getByText('Betaling registreren').first().click();
  // A payment on a day still to come: the date picker stops at today, and the server, sent it
  // anyway, refuses it with that said, not as a wrongly written date.
  const max = await approved.getByLabel('Betaald op').getAttribute('max');
  expect(max >= isoDay(-1) && max <= isoDay(1)).toBe(true);
  await approved.getByLabel('Betaald op').fill(isoDay(2));
  await approved.locator('form', { has: admin.getByLabel('Betaald op') }).evaluate((form) => { form.noValidate = true; });
  await approved.getByRole('button', { name: 'Betaling registreren' }).click();
  await expect(admin.getByRole('alert')).toContainText('Deze dag ligt nog in de toekomst. Vul vandaag of een eerdere dag in.');
  await admin.goto('/admin/orders?status=approved');
  await approved.getByText('Betaling registreren').first().click();
  await approved.getByLabel('Betaald op').fill('2026-12-01');
  await approved.getByRole('button', { name: 'Betaling registreren' }).click();
  await expect(admin.getByRole('status')).toContainText('Betaling geregistreerd');
  await admin.close();

  await page.goto('/school/budget');
  await hydrated(page);
  const after = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await expect(after.locator('.money-stats')).toContainText('€ 6.300,00');
  // The individual-credit pool: € 5,250 released, of which the demo student (her pass is
  // active) got her € 21 at once.
  await expect(after.locator('.money-stats')).toContainText('€ 5.229,00');
  await expect(after.locator('.invoice')).toContainText('Volledig betaald');
  // A day is written as people write it, not as stored.
  await expect(after.locator('.order').first()).toContainText(/ · \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/);
  await expect(after).not.toContainText(/\b20\d\d-\d\d-\d\d\b/);
  await after.getByRole('link', { name: 'Mutaties' }).click();
  await expect(page).toHaveURL(/\/school\/ledger\?location=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mutaties');
  // The collective budget's own movements, in words, adding up to what is available.
  await expect(page.locator('p.summary')).toHaveText('Saldo nu: € 6.300,00');
  const released = page.locator('.row-card').first();
  await expect(released).toContainText('Budget vrijgegeven na betaling van de factuur');
  await expect(released).toContainText('Saldo daarna: € 6.300,00');
  for (const code of ['credit_granted', 'budget_released']) await expect(page.locator('main')).not.toContainText(code);
  // The pool: released, then (newest first) the demo student's credit given out from it.
  await page.getByRole('link', { name: 'Tegoed nog niet uitgedeeld' }).click();
  await expect(page.locator('p.summary')).toHaveText('Saldo nu: € 5.229,00');
  await expect(page.locator('.row-card').first()).toContainText('Tegoed gegeven aan een student');
  await expect(page.locator('.row-card').first()).toContainText('Saldo daarna: € 5.229,00');
  await expect(page.locator('.row-card').nth(1)).toContainText('Saldo daarna: € 5.250,00');
  // The student's credit, on its own account.
  await page.getByRole('link', { name: 'Tegoed van studenten' }).click();
  await expect(page.locator('p.summary')).toHaveText('Saldo nu: € 21,00');
});

/** The day `days` from today as YYYY-MM-DD (two days or more away, so time zones do not matter). */
function isoDay(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('earmarking budget until a day that has passed says so, and nothing is earmarked', async ({ page }) => {
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await page.goto('/school/weborders');
  await hydrated(page);
  const zuid = page.locator('section.card', { hasText: 'Budget reserveren' }).filter({ hasText: 'Amsterdam Zuid' });
  await zuid.locator('summary', { hasText: 'Budget reserveren' }).click();
  await zuid.getByLabel('Bedrag').fill('25,00');
  await zuid.getByLabel('Omschrijving').fill('Excursie klas 2B');
  // The date picker offers today and later only (the server's today, in Amsterdam).
  const min = await zuid.getByLabel('Vervalt op').getAttribute('min');
  expect(min >= isoDay(-1) && min <= isoDay(1)).toBe(true);
  await zuid.getByLabel('Vervalt op').fill(isoDay(-2));
  // Sent all the same (an old browser, a typed-in value): the server says what is wrong.
  await zuid.locator('form', { has: page.getByLabel('Vervalt op') }).evaluate((form) => { form.noValidate = true; });
  await zuid.locator('form button[type=submit]', { hasText: 'Budget reserveren' }).click();
  await expect(zuid.locator('.field-error')).toHaveText('Deze dag is al voorbij. Kies vandaag of een latere dag.');
  await expect(zuid.locator('li.row-card', { hasText: 'Excursie klas 2B' })).toHaveCount(0);
  // What was typed is still there to correct.
  await expect(zuid.getByLabel('Omschrijving')).toHaveValue('Excursie klas 2B');
});
