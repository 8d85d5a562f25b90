// axe finds no serious or critical violations on the public pages and each portal's home.
import { test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ACCOUNTS, expect, login } from './helpers.mjs';

async function audit(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const path of ['/', '/login', '/password/forgot', '/invite/onbekend', '/bestaat-niet', '/provider/signup']) {
  test(`public page ${path} has no serious accessibility violations`, async ({ page }) => {
    await page.goto(path);
    expect(await audit(page)).toEqual([]);
  });
}

for (const account of ACCOUNTS) {
  test(`the ${account.role} portal home has no serious accessibility violations`, async ({ page }) => {
    await login(page, account.email);
    await expect(page).toHaveURL(new RegExp(`${account.portal}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await audit(page)).toEqual([]);
  });
}

for (const path of ['/admin/people', '/admin/mail', '/admin/audit', '/admin/organisations', '/admin/orders', '/admin/periods', '/admin/payments', '/admin/registry', '/admin/duo', '/admin/providers', '/admin/providers/1', '/admin/payouts', '/admin/weborders']) {
  test(`operator page ${path} has no serious accessibility violations`, async ({ page }) => {
    await login(page, 'beheer@cultuurkaart.demo');
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await audit(page)).toEqual([]);
  });
}

// The school portal's own pages, as the budget holder, with their headings.
const SCHOOL_PAGES = [
  ['/school/details', 'Schoolgegevens'], ['/school/teachers', 'Docenten'], ['/school/budget', 'Budget'],
  ['/school/roster', 'Studenten en medewerkers'], ['/school/classes', 'Klassen en passen'], ['/school/classes?location=1&class=2A', 'Klassen en passen'],
];
for (const [path, heading] of SCHOOL_PAGES) {
  test(`the school page ${path} has no serious accessibility violations`, async ({ page }) => {
    await login(page, 'budgethouder@roc-amstelland.demo');
    await expect(page).toHaveURL(/\/school$/);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    expect(await audit(page)).toEqual([]);
  });
}

// The marketplace pages of the other portals, each as the role that uses it.
const MARKET_PAGES = [
  ['budgethouder@deltacollege.demo', /\/school$/, ['/school/weborders']],
  ['docentplus@deltacollege.demo', /\/teacher$/, ['/teacher/catalogue', '/teacher/catalogue?q=film&format=venue', '/teacher/requests']],
  ['docentplus@roc-amstelland.demo', /\/teacher$/, ['/teacher/classes', '/teacher/classes?location=1&class=2A']],
  ['educatie@museumaandeschelde.demo', /\/provider$/, ['/provider/counter', '/provider/offers', '/provider/offers/new', '/provider/weborders', '/provider/weborders/new?cjp=CJP-270001', '/provider/requests', '/provider/payouts', '/provider/api']],
];
for (const [email, home, paths] of MARKET_PAGES) {
  for (const path of paths) {
    test(`marketplace page ${path} has no serious accessibility violations`, async ({ page }) => {
      await login(page, email);
      await expect(page).toHaveURL(home);
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await audit(page)).toEqual([]);
    });
  }
}
