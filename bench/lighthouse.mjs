// Lighthouse mobile (its default preset) on the worker's sign-in page, the worker home (/tasks) and a task page, with
// the system Chromium, beside its anchor measured in the same run: the bare Next app's page (bench/bare-next, the
// same Next and React with nothing else). Starts the product itself (`scripts/start.mjs`, fresh embedded database,
// port 3200) unless BOLTWORK_URL points at a running one. /tasks and the task page need a signed-in worker: Playwright
// signs one in through the demo wallet (real LNURL-auth), opens a task, and hands its session cookie to Lighthouse.
//   node bench/lighthouse.mjs [runs]   (default 1; lighthouse 12 is fetched with npx on first use, not a dependency)
// Runs go round the pages in turn, so a burst of load on this shared machine does not land on one page only. Writes
// bench/results/lighthouse.json (every run, with the LCP element and its phases) and prints one line per page.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { startBareNext } from './lib/bare-next.mjs';
import { useProductServer } from './lib/product-server.mjs';

const run = promisify(execFile);
const runs = Math.max(1, Number(process.argv[2] ?? 1) || 1);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const loadBefore = os.loadavg();
const product = await useProductServer({ port: 3200, dataDir: '.data/bench-lighthouse' });
const { baseUrl } = product;
// The anchor's page reads no database; its pool is never used, so any URL will do.
const bare = await startBareNext({ databaseUrl: 'postgres://127.0.0.1:1/unused', query: async () => {} });

/** The demo wallet's worker, signed in: its session cookie. */
async function signIn() {
  const browser = await chromium.launch({ executablePath: chromePath, args: browserArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Sign in with the demo wallet' }).click();
    await page.waitForURL('**/tasks');
    return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

/** The worker's task on the rating project, with a fresh lease for each run (a lease outlives one run, not all). */
async function openTask(cookie) {
  const browser = await chromium.launch({ executablePath: chromePath, args: browserArgs });
  try {
    const context = await browser.newContext({ extraHTTPHeaders: { Cookie: cookie } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/tasks`);
    await page.locator('li', { hasText: 'Rate this answer' }).getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    return page.url();
  } finally {
    await browser.close();
  }
}

async function lighthouse(url, headers = {}) {
  const out = path.join(os.tmpdir(), `boltwork-lh-${process.pid}-${Date.now()}.json`);
  const args = ['--yes', 'lighthouse@12', url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance',
    `--chrome-flags=--headless=new ${browserArgs.join(' ')}`];
  if (Object.keys(headers).length) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  await run('npx', args, { env: { ...process.env, CHROME_PATH: chromePath }, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const audit = (id) => report.audits[id]?.numericValue ?? null;
  return {
    performance: report.categories.performance.score,
    lcpMs: Math.round(audit('largest-contentful-paint')),
    fcpMs: Math.round(audit('first-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Math.round((audit('cumulative-layout-shift') ?? 0) * 1000) / 1000,
    // When Chrome showed the first paint in the unthrottled load Lighthouse simulates from. Everything that finished
    // loading before it counts towards the simulated LCP, so a late one (the scripts were in by then) costs ~1 s of LCP.
    observedFcpMs: Math.round(report.audits.metrics?.details?.items?.[0]?.observedFirstContentfulPaint ?? -1),
    ...lcpDetails(report),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

try {
  const cookie = await signIn();
  const pages = [
    { url: 'bare Next page (anchor)', measure: () => lighthouse(`${bare.url}/`) },
    { url: '/login', measure: () => lighthouse(`${baseUrl}/login`) },
    { url: '/tasks', measure: () => lighthouse(`${baseUrl}/tasks`, { Cookie: cookie }) },
    { url: '/tasks/[assignmentId]', measure: async () => lighthouse(await openTask(cookie), { Cookie: cookie }) },
  ].map((page) => ({ ...page, runs: [] }));
  for (let i = 0; i < runs; i++) {
    for (const page of pages) page.runs.push({ loadavg1: os.loadavg()[0], ...(await page.measure()) });
  }
  const summary = pages.map(({ url, runs: measured }) => ({
    url,
    performance: median(measured.map((r) => r.performance)),
    lcpMs: median(measured.map((r) => r.lcpMs)),
    tbtMs: median(measured.map((r) => r.tbtMs)),
    runs: measured,
  }));
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    preset: 'lighthouse 12 default (mobile, simulated throttling)',
    loadavg: { before: loadBefore, after: os.loadavg() },
    pages: summary,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/lighthouse.json', `${JSON.stringify(result, null, 2)}\n`);
  const anchor = summary[0].performance;
  for (const p of summary) {
    const each = (key) => p.runs.map((r) => r[key]).join('/');
    console.log(`${p.url.padEnd(24)} performance ${each('performance')} (median ${p.performance}, ${(p.performance / anchor).toFixed(2)} of the anchor)  LCP ${each('lcpMs')} ms  TBT ${each('tbtMs')} ms  FCP ${each('fcpMs')} ms  CLS ${each('cls')}  (first paint seen at ${each('observedFcpMs')} ms)`);
  }
  console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} after`);
} finally {
  await bare.stop();
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
