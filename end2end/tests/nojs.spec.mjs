// The core forms work with JavaScript switched off: plain form posts and redirects.
import { test } from '@playwright/test';
import { expect, login } from './helpers.mjs';

test.use({ javaScriptEnabled: false });

test('logging in and out works without JavaScript', async ({ page }) => {
  await login(page, 'budgethouder@roc-amstelland.demo', undefined, { js: false });
  await expect(page).toHaveURL(/\/school$/);
  await expect(page.getByText('CJP-250001')).toBeVisible();
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Inloggen' }).first()).toBeVisible();
});

test('a wrong password shows the error without JavaScript', async ({ page }) => {
  await login(page, 'bestuur@roc-amstelland.demo', 'verkeerd wachtwoord', { js: false });
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('alert')).toContainText('E-mailadres of wachtwoord klopt niet.');
});

/** The number of password-reset mails to `email` in the operator's outbox (/admin/mail). */
async function resetMails(admin, email) {
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Mail');
  return admin.locator('.row-card', { hasText: 'Nieuw wachtwoord' }).count();
}

/** Asks for a new password for `email` with the plain form; the text of the answer page. */
async function askForReset(page, email) {
  await page.goto('/password/forgot');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Stuur link' }).click();
  await expect(page).toHaveURL(/\/password\/forgot/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  return (await page.locator('main').innerText()).trim();
}

test('asking for a new password works without JavaScript and says the same for any address', async ({ page, browser }) => {
  const known = 'docent@roc-amstelland.demo';
  const unknown = `niemand.${Date.now()}@nergens.example`;
  const operator = await browser.newContext({ javaScriptEnabled: false });
  const admin = await operator.newPage();
  await login(admin, 'beheer@cultuurkaart.demo', undefined, { js: false });
  await expect(admin).toHaveURL(/\/admin$/);
  const before = await resetMails(admin, known);

  // The answer page gives nothing away: the same text for an account and for a stranger.
  const forKnown = await askForReset(page, known);
  const forUnknown = await askForReset(page, unknown);
  expect(forKnown).toContain('Nieuw wachtwoord aanvragen');
  expect(forKnown).toContain('Als dit adres bij een account hoort, is er nu een mail onderweg.');
  expect(forUnknown).toBe(forKnown);

  // Only the address with an account gets a mail, with a link to choose a new password.
  expect(await resetMails(admin, known)).toBe(before + 1);
  const mail = admin.locator('.row-card', { hasText: 'Nieuw wachtwoord' }).first();
  await mail.getByText('Bekijk bericht').click();
  expect(await mail.locator('.mail-body a').first().getAttribute('href')).toContain('/password/reset/');
  expect(await resetMails(admin, unknown)).toBe(0);
  await expect(admin.locator('.row-card')).toHaveCount(0);
  await operator.close();
});
