// What a phone downloads: a page is complete as HTML and loads the WASM only when it has an
// island (the order preview, the catalogue's filters). A form sent back with an error keeps
// what was typed, never a password. (The order form's island, before and after its WASM
// arrives, is tested in budget.spec.mjs.)
import { test } from '@playwright/test';
import { expect, hydrated, login, watchErrors } from './helpers.mjs';

/** The WASM and JavaScript files a page load fetches. */
function codeRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) seen.push(new URL(r.url()).pathname); });
  return seen;
}

test('a page without an island loads no code; a page with one loads the hashed WASM, kept for a year', async ({ page }) => {
  const errors = watchErrors(page);
  await login(page, 'student@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/student$/);
  const code = codeRequests(page);
  await page.goto('/student');
  await hydrated(page);
  await expect(page.locator('.pass-card').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(code).toEqual([]);
  // The pass works as HTML: a payment code without any code in the browser.
  await page.getByRole('button', { name: 'Nieuwe betaalcode' }).click();
  await expect(page.locator('.counter-code')).toHaveText(/\S/);
  const first = await page.locator('.counter-code').textContent();
  await page.getByRole('button', { name: 'Nieuwe betaalcode' }).click();
  await expect(page.locator('.counter-code')).not.toHaveText(first);
  expect(code).toEqual([]);

  const teacher = await page.context().browser().newPage({ viewport: { width: 390, height: 844 } });
  const loaded = codeRequests(teacher);
  const answers = [];
  teacher.on('response', (r) => { if (r.url().endsWith('.wasm')) answers.push(r); });
  await login(teacher, 'docent@roc-amstelland.demo');
  await teacher.goto('/teacher/catalogue');
  await hydrated(teacher);
  expect(loaded.some((p) => /^\/pkg\/cultuurkaart_bg\.[0-9a-f]{16}\.wasm$/.test(p))).toBe(true);
  expect(loaded.some((p) => /^\/pkg\/cultuurkaart\.[0-9a-f]{16}\.js$/.test(p))).toBe(true);
  expect(answers[0].headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(answers[0].headers()['content-encoding']).toBe('br');
  // A filter chosen is a search done: the island submits the form.
  await teacher.getByText('Filter', { exact: true }).click();
  await teacher.getByLabel('Kunstvorm').selectOption('theatre');
  await expect(teacher).toHaveURL(/discipline=theatre/);
  await teacher.close();
  expect(errors).toEqual([]);
});

test('a refused sign-in comes back with the address typed, never the password', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill('bestuur@roc-amstelland.demo');
  await page.getByLabel('Wachtwoord', { exact: true }).fill('verkeerd wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('E-mailadres')).toHaveValue('bestuur@roc-amstelland.demo');
  await expect(page.getByLabel('Wachtwoord', { exact: true })).toHaveValue('');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('a provider makes an API key and sees it once, with no code in the browser', async ({ page }) => {
  const errors = watchErrors(page);
  const code = codeRequests(page);
  await login(page, 'aanbieder@theaterdekolk.demo');
  await expect(page).toHaveURL(/\/provider$/);
  await page.goto('/provider/api');
  await page.getByLabel('Omschrijving').fill('Kassa in de foyer');
  await page.getByRole('button', { name: 'Sleutel maken' }).click();
  await expect(page).toHaveURL(/\/provider\/api\?done=created$/);
  const key = (await page.locator('code.api-key').textContent()).trim();
  expect(key).toMatch(/^ck_\S{20,}$/);
  await expect(page.getByRole('listitem').filter({ hasText: 'Kassa in de foyer' })).toBeVisible();
  await page.reload();
  await expect(page.locator('code.api-key')).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  expect(code).toEqual([]);
  expect(errors).toEqual([]);
});
