// Page-weight budgets: signs in as each demo role, opens that portal's main pages in Chromium
// at 390x844, and sums the bytes that crossed the network for each page (HTML, CSS, JS, WASM,
// images; compressed, with headers), on a first visit with an empty cache and on a repeat
// visit. Prints one table and exits with 1 when a page is over its budget:
//   student pages: 100 KB on a first visit; every other page: 150 KB; any repeat visit: 20 KB.
// Run against a server with the demo data: BASE_URL=http://localhost:3100 node weight.mjs
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL || 'http://127.0.0.1:3100';
const PASSWORD = 'cultuur-demo-2026';
const KB = 1000;
const FIRST = 150 * KB;
const FIRST_STUDENT = 100 * KB;
const REPEAT = 20 * KB;

const ROLES = [
  { who: 'visitor', email: null, pages: ['/', '/login', '/provider/signup'] },
  { who: 'student', email: 'student@roc-amstelland.demo', student: true, pages: ['/student'] },
  { who: 'teacher', email: 'docent@roc-amstelland.demo', pages: ['/teacher', '/teacher/catalogue', '/teacher/requests', '/teacher/classes'] },
  {
    who: 'budget holder',
    email: 'budgethouder@roc-amstelland.demo',
    pages: ['/school', '/school/budget', '/school/details', '/school/teachers', '/school/roster', '/school/classes', '/school/weborders'],
  },
  {
    who: 'provider',
    email: 'aanbieder@theaterdekolk.demo',
    pages: ['/provider', '/provider/offers', '/provider/weborders', '/provider/weborders/new', '/provider/requests', '/provider/payouts', '/provider/api', '/provider/counter'],
  },
  {
    who: 'operator',
    email: 'beheer@cultuurkaart.demo',
    pages: ['/admin', '/admin/people', '/admin/organisations', '/admin/registry', '/admin/duo', '/admin/mail', '/admin/periods', '/admin/orders', '/admin/payments', '/admin/audit', '/admin/providers', '/admin/payouts', '/admin/weborders'],
  },
];

/** Opens `path` and resolves with the bytes that crossed the network until the page (and its
 * islands, when it has any) had settled. */
async function visit(page, cdp, path) {
  const bytes = new Map();
  const finished = (e) => bytes.set(e.requestId, e.encodedDataLength);
  cdp.on('Network.loadingFinished', finished);
  const response = await page.goto(BASE + path, { waitUntil: 'load' });
  if (!response || response.status() !== 200) throw new Error(`${path}: answered ${response && response.status()}`);
  if (new URL(page.url()).pathname !== new URL(BASE + path).pathname) throw new Error(`${path}: ended at ${page.url()}`);
  if ((await page.locator('leptos-island').count()) > 0) {
    await page.waitForFunction(() => document.documentElement.dataset.islands === 'ready', null, { timeout: 15000 });
  }
  await page.waitForLoadState('networkidle');
  cdp.off('Network.loadingFinished', finished);
  return [...bytes.values()].reduce((a, b) => a + b, 0);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const rows = [];
for (const role of ROLES) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const page = await context.newPage();
  if (role.email) {
    await page.goto(BASE + '/login');
    await page.getByLabel('E-mailadres').fill(role.email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  for (const path of role.pages) {
    await cdp.send('Network.clearBrowserCache');
    const first = await visit(page, cdp, path);
    const repeat = await visit(page, cdp, path);
    const budget = role.student ? FIRST_STUDENT : FIRST;
    rows.push({ page: path, who: role.who, first, repeat, budget, ok: first <= budget && repeat <= REPEAT });
  }
  await context.close();
}
await browser.close();

const n = (v) => v.toLocaleString('en-US');
console.log('| page | signed in as | first visit (B) | repeat visit (B) | budget first / repeat (B) | |');
console.log('|---|---|---:|---:|---:|---|');
for (const r of rows) {
  console.log(`| \`${r.page}\` | ${r.who} | ${n(r.first)} | ${n(r.repeat)} | ${n(r.budget)} / ${n(REPEAT)} | ${r.ok ? 'ok' : 'OVER'} |`);
}
const over = rows.filter((r) => !r.ok);
if (over.length) {
  console.error(`${over.length} page(s) over budget: ${over.map((r) => r.page).join(', ')}`);
  process.exit(1);
}
console.log(`all ${rows.length} pages within budget`);
