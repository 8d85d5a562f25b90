// Looking after passes on a phone: the budget holder blocks a lost pass after confirming and
// lifts the block, and prints a class's activation sheet; the operator exports a person's data
// and erases it after confirming.
import { test } from '@playwright/test';
import fs from 'node:fs';
import { expect, hydrated, login, watchErrors } from './helpers.mjs';

test('a budget holder blocks a pass after confirming, lifts the block and prints an activation sheet', async ({ page }) => {
  const errors = watchErrors(page);
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await page.goto('/school/classes?location=1&class=2A');
  await hydrated(page);
  const lotte = page.locator('section.card li.row-card', { hasText: 'Lotte de Vries' });
  await expect(lotte).toContainText('actief');
  await lotte.getByRole('link', { name: 'Blokkeren — Lotte de Vries' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Weet je zeker');
  await dialog.getByRole('link', { name: 'Terug' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(lotte).toContainText('actief');
  await lotte.getByRole('link', { name: 'Blokkeren — Lotte de Vries' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, blokkeren' }).click();
  await expect(page.getByRole('status')).toContainText('De pas is geblokkeerd.');
  await expect(lotte).toContainText('geblokkeerd');
  await lotte.getByRole('button', { name: 'Blokkade opheffen — Lotte de Vries' }).click();
  await expect(page.getByRole('status')).toContainText('De blokkade is opgeheven.');
  await expect(lotte).toContainText('actief');

  // Class 3C has students who are not active yet: their sheet is a PDF with a card each.
  await page.goto('/school/classes');
  await hydrated(page);
  const row = page.locator('li.row-card', { hasText: 'Klas 3C' });
  const [sheet] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Activeringsblad (PDF)' }).click()]);
  expect(sheet.suggestedFilename()).toBe('activeringsblad-3C.pdf');
  expect(fs.readFileSync(await sheet.path()).subarray(0, 5).toString()).toBe('%PDF-');
  // Printing the sheet invited them (with the links on the cards).
  await page.reload();
  await expect(page.locator('li.row-card', { hasText: 'Klas 3C' })).toContainText('0 niet uitgenodigd');
  expect(errors).toEqual([]);
});

test('the operator exports a person\'s data and erases it after confirming', async ({ page }) => {
  const errors = watchErrors(page);
  const email = 'student36@student.roc-amstelland.demo';
  await login(page, 'beheer@cultuurkaart.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto(`/admin/people?q=${encodeURIComponent(email)}`);
  await hydrated(page);
  const row = page.locator('.row-card', { hasText: email });
  const [data] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Gegevens exporteren' }).click()]);
  const json = JSON.parse(fs.readFileSync(await data.path(), 'utf8'));
  expect(json.account.email).toBe(email);
  expect(json.passes[0].class).toMatch(/^(2A|2B|3C)$/);

  await row.getByRole('link', { name: 'Gegevens wissen' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('kan niet ongedaan worden gemaakt');
  await dialog.getByRole('button', { name: 'Ja, wissen' }).click();
  await expect(page.getByRole('status')).toContainText('De gegevens zijn gewist.');
  await page.goto(`/admin/people?q=${encodeURIComponent(email)}`);
  await expect(page.locator('.row-card', { hasText: email })).toHaveCount(0);
  expect(errors).toEqual([]);
});
