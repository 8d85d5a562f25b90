// The money path on a phone: the budget holder orders budget with a live preview (the page's
// island), the confirmation waits in the outbox, the operator approves early, the invoice
// appears, the operator registers the payment, and the budget holder sees the released budget.
import { test } from '@playwright/test';
import { expect, hydrated, login, section, watchErrors } from './helpers.mjs';

// Runs first: it orders nothing, and Amsterdam Zuid still has its order form.
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

  // A button pressed before the WASM arrives sends the form: refused (together more than the
  // DUO count), with the error beside the fields and the counts still in them.
  await page.goto('/school/budget');
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('1000');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('300');
  await zuid.getByRole('button', { name: 'Bestelling indienen' }).click();
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
  // Together more than the DUO count: refused with a clear message, nothing ordered.
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('1000');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('300');
  await expect(zuid.locator('.preview')).toBeEmpty();
  // Pressed twice in a row, as a double tap on a slow phone: sent once.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) posts.push(r.url()); });
  await zuid.locator('form', { has: page.getByRole('button', { name: 'Bestelling indienen' }) })
    .evaluate((form) => { form.requestSubmit(); form.requestSubmit(); });
  await expect(zuid.getByRole('alert')).toContainText('niet hoger zijn dan het DUO-aantal');
  expect(posts.length).toBe(1);
  await expect(zuid.locator('.order')).toHaveCount(0);
  // Sent back with the error, the form still holds what was typed.
  await expect(zuid.getByLabel('Aantal studenten voor het collectieve budget')).toHaveValue('1000');
  await expect(zuid.getByLabel('Aantal studenten met individueel tegoed')).toHaveValue('300');
  await hydrated(page);
  await zuid.getByLabel('Aantal studenten voor het collectieve budget').fill('300');
  await zuid.getByLabel('Aantal studenten met individueel tegoed').fill('200');
  await expect(zuid.locator('.preview')).toContainText('€ 5.250,00');
  await expect(zuid.locator('.preview')).toContainText('€ 6.300,00');
  await zuid.getByRole('button', { name: 'Bestelling indienen' }).click();
  await expect(page.getByRole('status')).toContainText('Je bestelling is ingediend');
  await expect(zuid.locator('.order')).toContainText('Ingediend');
  await expect(zuid.locator('.order')).toContainText('Wijzigen of intrekken kan tot');

  const admin = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(admin, 'beheer@cultuurkaart.demo');
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto('/admin/mail?to=budgethouder%40roc-amstelland.demo');
  await expect(admin.locator('.row-card').first()).toContainText('Bestelling ontvangen');
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
  await approved.getByLabel('Betaald op').fill('2026-12-01');
  await approved.getByRole('button', { name: 'Betaling registreren' }).click();
  await expect(admin.getByRole('status')).toContainText('Betaling geregistreerd');
  await admin.close();

  await page.goto('/school/budget');
  await hydrated(page);
  const after = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await expect(after.locator('.money-stats')).toContainText('€ 6.300,00');
  // The individual-credit pool: € 4,200 released, of which the demo student (her pass is
  // active) got her € 21 at once.
  await expect(after.locator('.money-stats')).toContainText('€ 4.179,00');
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
  await expect(page.locator('p.summary')).toHaveText('Saldo nu: € 4.179,00');
  await expect(page.locator('.row-card').first()).toContainText('Tegoed gegeven aan een student');
  await expect(page.locator('.row-card').first()).toContainText('Saldo daarna: € 4.179,00');
  await expect(page.locator('.row-card').nth(1)).toContainText('Saldo daarna: € 4.200,00');
  // The student's credit, on its own account.
  await page.getByRole('link', { name: 'Tegoed van studenten' }).click();
  await expect(page.locator('p.summary')).toHaveText('Saldo nu: € 21,00');
});

