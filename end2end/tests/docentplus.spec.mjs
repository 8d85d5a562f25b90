// The budget holder designates a teacher as Docent+ and withdraws it again, on a phone.
import { test } from '@playwright/test';
import { expect, hydrated, login, section, watchErrors } from './helpers.mjs';

test('a budget holder makes a teacher Docent+, who can then request, and withdraws it after confirming', async ({ page, browser }) => {
  const errors = watchErrors(page);
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await section(page, 'Docenten');
  await expect(page).toHaveURL(/\/school\/teachers$/);
  await hydrated(page);
  const row = page.locator('li.row-card', { hasText: 'Sanne Willems' });
  await expect(row).toBeVisible();
  await expect(row.getByText('Docent+', { exact: true })).toHaveCount(0);
  await row.getByRole('button', { name: 'Aanwijzen als Docent+ — Sanne Willems' }).click();
  await expect(page.getByRole('status')).toContainText('De docent is nu Docent+');
  await expect(row.getByText('Docent+', { exact: true })).toBeVisible();

  // The teacher was told by mail, and may now send requests to providers.
  const teacher = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(teacher, 'docent@roc-amstelland.demo');
  await expect(teacher).toHaveURL(/\/teacher$/);
  await teacher.goto('/teacher/requests');
  await expect(teacher.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(teacher.getByRole('alert')).toHaveCount(0);
  await teacher.close();

  // Withdrawing asks first; cancelling keeps the designation.
  await row.getByRole('link', { name: 'Docent+ intrekken — Sanne Willems' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Weet je zeker');
  await dialog.getByRole('link', { name: 'Terug' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(row.getByText('Docent+', { exact: true })).toBeVisible();
  await row.getByRole('link', { name: 'Docent+ intrekken — Sanne Willems' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, intrekken' }).click();
  await expect(page.getByRole('status')).toContainText('ingetrokken');
  await expect(row.getByText('Docent+', { exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});
