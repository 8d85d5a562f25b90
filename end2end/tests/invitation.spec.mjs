// A newcomer's path: the operator invites someone, the invitation waits in the outbox at
// /admin/mail, the invited person follows the link, chooses a password and lands in a portal.
import { test } from '@playwright/test';
import { expect, hydrated, login } from './helpers.mjs';

test('an invited teacher activates from the mail in the outbox', async ({ page, browser }) => {
  const email = `nieuwe.docent.${Date.now()}@roc-amstelland.demo`;
  await login(page, 'beheer@cultuurkaart.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/people');
  await hydrated(page);
  await page.getByLabel('Naam', { exact: true }).fill('Nieuwe Docent');
  await page.locator('#invite_email').fill(email);
  await page.getByLabel('Rol', { exact: true }).selectOption('teacher');
  await page.getByLabel('Waar', { exact: true }).selectOption({ label: 'ROC Amstelland — Amstelveen' });
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(page.getByRole('status')).toContainText('Uitnodiging verstuurd.');

  await page.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  await page.getByText('Bekijk bericht').first().click();
  const link = await page.locator('.mail-body a').first().getAttribute('href');
  expect(link).toContain('/invite/');

  const newcomer = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await newcomer.goto(new URL(link).pathname);
  await expect(newcomer.getByText(email)).toBeVisible();
  await hydrated(newcomer);
  // Long enough for the browser's own check, but one of the most used passwords.
  await newcomer.getByLabel('Wachtwoord', { exact: true }).fill('wachtwoord123');
  await newcomer.getByLabel('Herhaal wachtwoord').fill('wachtwoord123');
  await newcomer.getByLabel(/Ik ga akkoord/).check();
  await newcomer.getByRole('button', { name: 'Account activeren' }).click();
  await expect(newcomer.locator('.field-error').first()).toContainText('te vaak gebruikt');

  await newcomer.getByLabel('Wachtwoord', { exact: true }).fill('een goede lange zin');
  await newcomer.getByLabel('Herhaal wachtwoord').fill('een goede lange zin');
  await newcomer.getByRole('button', { name: 'Account activeren' }).click();
  await expect(newcomer).toHaveURL(/\/teacher$/);
  await expect(newcomer.getByRole('heading', { level: 1 })).toHaveText('Welkom, Nieuwe Docent');

  // The link is used up.
  await newcomer.goto(new URL(link).pathname);
  await expect(newcomer.getByRole('alert')).toContainText('niet (meer) geldig');
  await newcomer.close();
});

test('the operator must confirm before disabling an account', async ({ page }) => {
  await login(page, 'beheer@cultuurkaart.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/people?q=student1');
  // A click on a link while the page is still hydrating can be lost (see the closing note of
  // the foundation): wait for the app to be live first.
  await hydrated(page);
  const row = page.locator('.row-card', { has: page.getByRole('link', { name: 'Uitschakelen' }) }).first();
  const email = (await row.locator('.muted').first().textContent()).trim();
  await row.getByRole('link', { name: 'Uitschakelen' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Weet je zeker');
  await page.getByRole('button', { name: 'Ja, uitschakelen' }).click();
  await expect(page.getByRole('status')).toContainText('Account uitgeschakeld.');
  await page.goto(`/admin/people?q=${encodeURIComponent(email)}`);
  await expect(page.locator('.row-card')).toHaveCount(1);
  await expect(page.locator('.row-card').first()).toContainText('Uitgeschakeld');
  await expect(page.getByRole('link', { name: 'Uitschakelen' })).toHaveCount(0);
});
