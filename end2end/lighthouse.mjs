// Lighthouse on five pages, signed in where the page needs it: mobile, default throttling,
// performance only, five runs each; prints the median of each figure as a table for
// docs/BENCHMARKS.md. Not part of the test command (25 runs take several minutes).
//   BASE_URL=http://localhost:3100 node lighthouse.mjs
// Runs lighthouse 12.2.3 from the npm registry (npx fetches it once) with the system Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = process.env.BASE_URL || 'http://127.0.0.1:3100';
const CHROME = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUNS = Number(process.env.RUNS || 5);
const PASSWORD = 'cultuur-demo-2026';
const PAGES = [
  ['/', null],
  ['/student', 'student@roc-amstelland.demo'],
  ['/teacher/catalogue', 'docent@roc-amstelland.demo'],
  ['/school/budget', 'budgethouder@roc-amstelland.demo'],
  ['/provider/weborders/new', 'aanbieder@theaterdekolk.demo'],
];

/** A session cookie for `email`, from the sign-in form as a browser without JavaScript posts it. */
async function session(email) {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ck_session='));
  if (!cookie) throw new Error(`no session for ${email}: ${res.status}`);
  return cookie.split(';')[0];
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const dir = mkdtempSync(join(tmpdir(), 'ck-lighthouse-'));
const rows = [];
for (const [path, email] of PAGES) {
  const headers = email ? { Cookie: await session(email) } : {};
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const out = join(dir, `run-${rows.length}-${i}.json`);
    // Lighthouse now and then fails to record its trace (NO_NAVSTART): such a run is repeated.
    for (let attempt = 1; ; attempt++) {
      try {
        execFileSync('npx', ['--yes', 'lighthouse@12.2.3', BASE + path, '--only-categories=performance', '--output=json',
          `--output-path=${out}`, '--quiet', `--extra-headers=${JSON.stringify(headers)}`,
          '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage'],
        { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'ignore', 'inherit'] });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        console.error(`${path}: run ${i + 1} failed, again`);
      }
    }
    const r = JSON.parse(readFileSync(out, 'utf8'));
    if (new URL(r.finalDisplayedUrl).pathname !== path) throw new Error(`${path}: ended at ${r.finalDisplayedUrl}`);
    runs.push({
      score: r.categories.performance.score,
      lcp: r.audits['largest-contentful-paint'].numericValue,
      tbt: r.audits['total-blocking-time'].numericValue,
      cls: r.audits['cumulative-layout-shift'].numericValue,
      bytes: r.audits['total-byte-weight'].numericValue,
    });
  }
  const m = (k) => median(runs.map((r) => r[k]));
  rows.push({ path, score: m('score'), lcp: m('lcp'), tbt: m('tbt'), cls: m('cls'), bytes: m('bytes') });
}
const n = (v) => Math.round(v).toLocaleString('en-US');
console.log(`| page | perf score | LCP | TBT | CLS | bytes |  (median of ${RUNS})`);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| \`${r.path}\` | ${r.score.toFixed(2)} | ${n(r.lcp)} ms | ${n(r.tbt)} ms | ${r.cls.toFixed(3)} | ${n(r.bytes)} |`);
}
