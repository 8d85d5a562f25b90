// Dutch by default; the switch shows everything in English and remembers it.
import { test } from '@playwright/test';
import { expect } from './helpers.mjs';

test('the language switch turns the site to English and back', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cultuur voor elke mbo-student');
  await page.getByRole('link', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Culture for every mbo student');
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
  await expect(page.getByLabel('E-mail address')).toBeVisible();
  await page.getByRole('link', { name: 'Schakel naar Nederlands' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen');
});
