// Lighthouse mobile (its default preset) on the worker's sign-in page and a task page, with the system Chromium.
// Starts the product itself (`scripts/start.mjs`, fresh embedded database, port 3200) unless BOLTWORK_URL points at a
// running one. The task page needs a signed-in worker: Playwright signs one in through the demo wallet (real
// LNURL-auth), opens a task, and hands its session cookie to Lighthouse.
//   node bench/lighthouse.mjs        (lighthouse 12 is fetched with npx on first use; it is not a dependency)
// Writes bench/results/lighthouse.json and prints one line per page.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { useProductServer } from './lib/product-server.mjs';

const run = promisify(execFile);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const product = await useProductServer({ port: 3200, dataDir: '.data/bench-lighthouse' });
const { baseUrl } = product;

/** A worker signed in with the demo wallet, on its first task: the task URL and the session cookie. */
async function signedInTask() {
  const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Sign in with the demo wallet' }).click();
    await page.waitForURL('**/tasks');
    await page.locator('li', { hasText: 'Rate this answer' }).getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const cookies = await page.context().cookies();
    return { url: page.url(), cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  } finally {
    await browser.close();
  }
}

async function lighthouse(url, headers = {}) {
  const out = path.join(os.tmpdir(), `boltwork-lh-${process.pid}-${Date.now()}.json`);
  const args = ['--yes', 'lighthouse@12', url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage'];
  if (Object.keys(headers).length) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  await run('npx', args, { env: { ...process.env, CHROME_PATH: chromePath }, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const audit = (id) => report.audits[id]?.numericValue ?? null;
  return {
    url: url.replace(baseUrl, ''),
    performance: report.categories.performance.score,
    lcpMs: Math.round(audit('largest-contentful-paint')),
    fcpMs: Math.round(audit('first-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Math.round((audit('cumulative-layout-shift') ?? 0) * 1000) / 1000,
    ...lcpDetails(report),
  };
}

try {
  const task = await signedInTask();
  const pages = [await lighthouse(`${baseUrl}/login`), await lighthouse(task.url, { Cookie: task.cookie })];
  pages[1].url = '/tasks/[assignmentId]';
  const result = { measuredAt: new Date().toISOString(), node: process.version, preset: 'lighthouse 12 default (mobile, simulated throttling)', pages };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/lighthouse.json', `${JSON.stringify(result, null, 2)}\n`);
  for (const p of pages) console.log(`${p.url.padEnd(24)} performance ${p.performance}  LCP ${p.lcpMs} ms  FCP ${p.fcpMs} ms  TBT ${p.tbtMs} ms  CLS ${p.cls}`);
} finally {
  product.stop();
}

/** Which element was the LCP and where its time went (TTFB, load delay, load time, render delay), from the report. */
function lcpDetails(report) {
  const tables = report.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const element = tables[0]?.items?.[0]?.node;
  const phases = tables[1]?.items ?? [];
  return {
    lcpElement: element ? { selector: element.selector, snippet: element.snippet?.slice(0, 160) } : null,
    lcpPhasesMs: Object.fromEntries(phases.map((phase) => [phase.phase, Math.round(phase.timing)])),
  };
}
