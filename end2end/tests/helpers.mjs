// Shared steps: the demo accounts, logging in, waiting for a page's islands to come alive.
import { expect } from '@playwright/test';

export const PASSWORD = 'cultuur-demo-2026';

export const ACCOUNTS = [
  { role: 'platform_admin', email: 'beheer@cultuurkaart.demo', portal: '/admin', heading: 'Beheer', other: '/school' },
  { role: 'board', email: 'bestuur@roc-amstelland.demo', portal: '/school', heading: 'Welkom, Hans Koster', other: '/admin' },
  { role: 'budget_holder', email: 'budgethouder@roc-amstelland.demo', portal: '/school', heading: 'Welkom, Ingrid Hoekstra', other: '/provider' },
  { role: 'teacher_plus', email: 'docentplus@roc-amstelland.demo', portal: '/teacher', heading: 'Welkom, Karim Benali', other: '/school' },
  { role: 'teacher', email: 'docent@roc-amstelland.demo', portal: '/teacher', heading: 'Welkom, Sanne Willems', other: '/student' },
  { role: 'student', email: 'student@roc-amstelland.demo', portal: '/student', heading: 'Welkom, Lotte de Vries', other: '/teacher' },
  { role: 'provider', email: 'aanbieder@theaterdekolk.demo', portal: '/provider', heading: 'Theater De Kolk', other: '/admin' },
];

/**
 * Resolves once the page is loaded and its islands, if it has any, are live. Only a page with
 * an island loads the WASM (when the browser is idle); the loader then sets
 * `<html data-islands="ready">`. Every other page is complete as HTML.
 */
export async function hydrated(page) {
  await page.waitForLoadState('load');
  if ((await page.locator('leptos-island').count()) > 0) {
    await page.waitForFunction(() => document.documentElement.dataset.islands === 'ready');
  }
}

/** Logs in through the login form and waits for the portal. */
export async function login(page, email, password = PASSWORD, { js = true } = {}) {
  await page.goto('/login');
  if (js) await hydrated(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/**
 * Goes to a section of the portal through its menu: on a phone the menu is one line that
 * opens (a `<details>`) to the list of sections.
 */
export async function section(page, name) {
  const menu = page.locator('nav.sub-nav details');
  if (!(await menu.evaluate((d) => d.open)) && (await menu.locator('summary').isVisible())) {
    await menu.locator('summary').click();
  }
  await menu.getByRole('link', { name, exact: true }).click();
}

/** Collects console errors and page errors, to assert none happened. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export { expect };
