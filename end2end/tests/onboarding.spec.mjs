// School onboarding and the operator's registers on a phone: the budget holder keeps the
// school's invoice details and contacts; the operator imports DUO counts with a preview and confirms them.
import { test } from '@playwright/test';
import { expect, hydrated, login, section } from './helpers.mjs';

test('the budget holder corrects the invoice details and adds a contact person', async ({ page }) => {
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await section(page, 'Schoolgegevens');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schoolgegevens');
  await hydrated(page);
  const zuid = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await expect(zuid.locator('.facts')).toContainText('facturen@roc-amstelland.demo');
  await zuid.locator('summary', { hasText: 'Gegevens wijzigen' }).click();
  await zuid.getByLabel('Postcode').fill('1000 SS');
  await zuid.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(zuid.locator('.field-error')).toContainText('Nederlandse postcode');
  await zuid.getByLabel('Postcode').fill('1000 ce');
  await zuid.getByLabel('Inkoopordernummer (optioneel)').fill('PO-2027-0001');
  await zuid.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('Schoolgegevens opgeslagen');
  await expect(zuid.locator('.facts')).toContainText('PO-2027-0001');

  await zuid.locator('summary', { hasText: 'Contactpersoon toevoegen' }).click();
  await zuid.getByLabel('Contactpersoon voor').selectOption('ict');
  await zuid.getByLabel('Naam', { exact: true }).fill('Noor Bakker');
  await zuid.getByLabel('E-mailadres', { exact: true }).fill('ict@roc-amstelland.demo');
  await zuid.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
  await expect(page.getByRole('status')).toContainText('Contactpersoon toegevoegd');
  await expect(zuid.locator('.row-card', { hasText: 'Noor Bakker' })).toContainText('ICT en studentgegevens');
});

test('the operator imports DUO counts after a preview with masked rows', async ({ page }) => {
  await login(page, 'beheer@cultuurkaart.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/duo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('DUO-aantallen');
  const csv = '\ufeffBRIN NUMMER;VESTIGINGSNUMMER;OPLEIDING;AANTAL;INDICATIEAVG\r\n' +
    '27ZD;00;Zorg;1500;N\r\n27ZD;00;Kunst;4;J\r\n27ZD;00;ICT;30;N\r\n';
  await page.getByLabel('DUO-bestand').setInputFiles({ name: 'duo-mbo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await expect(page).toHaveURL(/\/admin\/duo\?staged=/);
  const preview = page.getByRole('region', { name: 'duo-mbo.csv' });
  await expect(preview).toContainText('3 regels gelezen');
  await expect(preview).toContainText('1 regel afgeschermd');
  await expect(preview.locator('.row-card', { hasText: 'Middelburg' })).toContainText('1525 (2026-2027) → nieuw: 1534');
  await hydrated(page);
  await preview.getByRole('button', { name: 'Bevestigen en vastleggen' }).click();
  await expect(page.getByRole('status')).toContainText('DUO-aantallen vastgelegd');
  await expect(page.locator('.row-card', { hasText: 'duo-mbo.csv' })).toContainText('2026-2027');
});

test('the board decides taking part and the contribution; the budget holder sees them and keeps the invoice details', async ({ page, browser }) => {
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  // The home page names what its counts are.
  await expect(page.locator('.location-card').first()).toContainText('Studenten met een account');
  await page.goto('/school/details');
  const zuid = page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await expect(zuid.locator('.facts')).toContainText('Bijdrage per student (besluit bestuur)');
  await zuid.locator('summary', { hasText: 'Gegevens wijzigen' }).click();
  await expect(zuid).toContainText('Deze keuzes legt het bestuur vast');
  await expect(zuid.getByLabel('Bijdrage per student (besluit bestuur)')).toHaveCount(0);
  await expect(zuid.getByLabel('Datum bestuursbesluit')).toHaveCount(0);

  // The board member changes the contribution; the budget holder then sees it, read-only.
  const board = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(board, 'bestuur@roc-amstelland.demo');
  await expect(board).toHaveURL(/\/school$/);
  await board.goto('/school/details');
  await hydrated(board);
  const theirs = board.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' });
  await theirs.locator('summary', { hasText: 'Gegevens wijzigen' }).click();
  await theirs.getByLabel('Bijdrage per student (besluit bestuur)').fill('12,00');
  await theirs.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(board.getByRole('status')).toContainText('Schoolgegevens opgeslagen');
  await page.reload();
  await expect(page.getByRole('region', { name: 'ROC Amstelland — Amsterdam Zuid' }).locator('.facts')).toContainText('€ 12,00');
  // And back, as the board decided before.
  await board.goto('/school/details');
  await hydrated(board);
  await theirs.locator('summary', { hasText: 'Gegevens wijzigen' }).click();
  await theirs.getByLabel('Bijdrage per student (besluit bestuur)').fill('10,50');
  await theirs.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(board.getByRole('status')).toContainText('Schoolgegevens opgeslagen');
  await board.close();
});
