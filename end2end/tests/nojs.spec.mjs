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

test('asking for a new password works without JavaScript and says the same for any address', async ({ page }) => {
  await page.goto('/password/forgot');
  await page.getByLabel('E-mailadres').fill('niemand@nergens.example');
  await page.getByRole('button', { name: 'Stuur link' }).click();
  await expect(page).toHaveURL(/\/password\/forgot/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
