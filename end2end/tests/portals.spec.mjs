// Each demo role logs in on a phone, reaches its own portal, and is refused another's.
import { test } from '@playwright/test';
import { ACCOUNTS, expect, hydrated, login, section, watchErrors } from './helpers.mjs';

for (const account of ACCOUNTS) {
  test(`${account.role} logs in, reaches ${account.portal} and is refused ${account.other}`, async ({ page }) => {
    const errors = watchErrors(page);
    await login(page, account.email);
    await expect(page).toHaveURL(new RegExp(`${account.portal}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(account.heading);
    await page.goto(account.other);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen toegang');
    await expect(page.getByRole('main').getByRole('link').first()).toHaveAttribute('href', account.portal);
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
  });
}

test('a stranger who opens a portal is sent to the login and back after it', async ({ page }) => {
  await page.goto('/admin/mail');
  await expect(page).toHaveURL(/\/login\?next=\/admin\/mail$/);
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('beheer@cultuurkaart.demo');
  await page.getByLabel('Wachtwoord', { exact: true }).fill('cultuur-demo-2026');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mail');
});

test('moving between portal pages costs the new page\'s HTML only: the stylesheet stays cached', async ({ page }) => {
  await login(page, 'beheer@cultuurkaart.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await hydrated(page);
  const fetched = [];
  page.on('requestfinished', async (r) => {
    const sizes = await r.sizes();
    fetched.push({ type: r.resourceType(), bytes: sizes.responseBodySize, url: r.url() });
  });
  await section(page, 'Organisaties');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organisaties');
  await expect(page.getByText('CJP-250001')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((f) => f.type === 'document').length).toBe(1);
  expect(fetched.filter((f) => f.type !== 'document' && f.bytes > 0)).toEqual([]);
});

test('a wrong password shows a clear error and keeps the person on the login page', async ({ page }) => {
  await login(page, 'docent@roc-amstelland.demo', 'dit is niet het wachtwoord');
  await expect(page.getByRole('alert')).toContainText('E-mailadres of wachtwoord klopt niet.');
  await expect(page).toHaveURL(/\/login/);
});

test('logging out ends the session', async ({ page }) => {
  await login(page, 'student@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/student$/);
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/student');
  await expect(page).toHaveURL(/\/login\?next=\/student$/);
});

test('the school portal offers a board member only the pages a board member may use', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'School', exact: true });
  await login(page, 'bestuur@roc-amstelland.demo');
  await nav.getByText('Menu').click();
  await expect(nav.getByRole('link', { name: 'Weborders' })).toBeVisible();
  for (const name of ['Studenten en medewerkers', 'Klassen en passen', 'Docenten']) {
    await expect(nav.getByRole('link', { name })).toHaveCount(0);
  }
  await page.context().clearCookies();
  await login(page, 'budgethouder@roc-amstelland.demo');
  await nav.getByText('Menu').click();
  for (const name of ['Studenten en medewerkers', 'Klassen en passen', 'Docenten']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
});

// The portals' menus on a phone: one line, so the page's title is in view at once; the menu
// opens without JavaScript and offers every section; a wide screen shows the list itself.
for (const { email, portal, sections } of [
  { email: 'budgethouder@roc-amstelland.demo', portal: '/school', sections: ['Overzicht', 'Budget', 'Weborders', 'Studenten en medewerkers', 'Klassen en passen', 'Docenten', 'Schoolgegevens'] },
  { email: 'beheer@cultuurkaart.demo', portal: '/admin', sections: ['Overzicht', 'Bestellingen', 'Betalingen', 'Weborders', 'Uitbetalingen', 'Aanbieders', 'Programmaperiodes', 'Personen', 'Organisaties', 'Instellingen en vestigingen', 'DUO-aantallen', 'Mail', 'Audittrail'] },
]) {
  test(`on a phone the ${portal} menu is one line and the title is in view`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await login(page, email, undefined, { js: false });
    await expect(page).toHaveURL(new RegExp(`${portal}$`));
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect(title.y).toBeLessThan(220);
    const nav = page.locator('nav.sub-nav');
    const line = await nav.boundingBox();
    expect(line.height).toBeLessThan(70);
    await expect(nav.locator('summary')).toContainText('Overzicht');
    await expect(nav.getByRole('link', { name: 'Budget', exact: true })).toBeHidden();
    await nav.getByText('Menu').click();
    for (const name of sections) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    await nav.getByRole('link', { name: sections[1], exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${portal}/`));
    await expect(page.locator('nav.sub-nav summary')).toContainText(sections[1]);
    await page.screenshot({ path: `test-results/menu${portal.replace('/', '-')}-phone.png` });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(portal);
    await expect(page.locator('nav.sub-nav summary')).toBeHidden();
    for (const name of sections) await expect(page.locator('nav.sub-nav').getByRole('link', { name, exact: true })).toBeVisible();
    await context.close();
  });
}
