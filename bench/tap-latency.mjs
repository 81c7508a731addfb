// What a worker feels: tap -> next task on screen, in a real browser on an emulated phone (Playwright, Pixel 7,
// Chromium's CPU throttled 4x, the network at DevTools' "Slow 4G": 562.5 ms round trips, 1.6 Mbit/s down,
// 750 kbit/s up). A worker rates answers (3 criteria, then Submit) with a few seconds of thinking per task, as a
// person does; each Submit tap is timed from the click to the frame after the next task's content is in the DOM
// (two animation frames after React commits it). Beside it, in the same run, the round trip of the tap's request
// (what a phone without a task leased ahead would wait for at least).
// Starts the product itself (`scripts/start.mjs`, fresh embedded database, demo data, port 3300) unless
// BOLTWORK_URL points at a running one.
//   node bench/tap-latency.mjs [taps=30]
// Writes bench/results/tap-latency.json and prints one line.
import fs from 'node:fs';
import { chromium, devices } from '@playwright/test';
import { useProductServer } from './lib/product-server.mjs';

const TAPS = Number(process.argv[2] ?? 30);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const THINK_MS = [2_500, 5_000];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const summarize = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (n) => (n === undefined ? null : Math.round(n));
  return { count: sorted.length, p50Ms: r(percentile(sorted, 50)), p95Ms: r(percentile(sorted, 95)), maxMs: r(sorted.at(-1)) };
};

const product = await useProductServer({ port: 3300, dataDir: '.data/bench-tap-latency' });
const { baseUrl } = product;
let browser = null;
try {
  browser = await chromium.launch({
    executablePath: chromePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ ...devices['Pixel 7'] });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('button', { name: 'Sign in with the demo wallet' }).click();
  await page.waitForURL('**/tasks');

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  await page.locator('li', { hasText: 'Rate this answer' }).getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => {
    const w = window;
    w.__taps = [];
    w.__roundTrips = [];
    const shown = () => document.querySelector('[data-assignment-id]')?.getAttribute('data-assignment-id');
    w.__shown = shown();
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (button?.textContent?.trim() === 'Submit') w.__tapStart = performance.now();
    }, true);
    new MutationObserver(() => {
      const id = shown();
      if (!id || id === w.__shown || w.__tapStart == null) return;
      const start = w.__tapStart;
      w.__tapStart = null;
      w.__shown = id;
      requestAnimationFrame(() => requestAnimationFrame(() => w.__taps.push(performance.now() - start)));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-assignment-id'] });
    // The tap's request, from the browser's own timing: posted to the task page, answered with the next card.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (/\/tasks\/[0-9a-f-]{36}$/.test(entry.name) && entry.initiatorType === 'fetch') w.__roundTrips.push(entry.duration);
    }).observe({ type: 'resource', buffered: false });
  });

  for (let tap = 0; tap < TAPS; tap++) {
    for (const criterion of ['helpfulness', 'accuracy', 'clarity']) {
      await page.getByRole('group', { name: new RegExp(criterion, 'i') }).getByRole('button', { name: '4 out of 5' }).click();
    }
    await page.waitForTimeout(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
    const before = await page.evaluate(() => window.__taps.length);
    await page.getByRole('button', { name: 'Submit' }).click();
    const outcome = await page
      .waitForFunction((n) => (window.__taps.length > n ? 'next' : document.querySelector('[role=alert] a[href="/tasks"]') ? 'finished' : null), before, { timeout: 30_000 })
      .then((handle) => handle.jsonValue())
      .catch(async (error) => {
        const screen = (await page.locator('main').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 600);
        throw new Error(`tap ${tap + 1}: no next task within 30 s; the screen says: ${screen}`, { cause: error });
      });
    if (outcome === 'finished') break; // the demo project has no task left for this worker: measure the taps made
  }
  await page.waitForLoadState('networkidle');
  const { taps, roundTrips } = await page.evaluate(() => ({ taps: window.__taps, roundTrips: window.__roundTrips }));
  const result = {
    measuredAt: new Date().toISOString(),
    command: `node bench/tap-latency.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    setup: { device: 'Pixel 7 (Playwright)', cpuThrottling: 4, network: { preset: 'DevTools Slow 4G', ...SLOW_4G }, taskType: 'RATING (3 criteria + Submit)', thinkSeconds: THINK_MS.map((ms) => ms / 1000), chromium: browser.version() },
    tapToNextTaskVisible: summarize(taps),
    tapRequestRoundTrip: summarize(roundTrips),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/tap-latency.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `tap-latency (Pixel 7, 4x CPU, Slow 4G, ${taps.length} taps): tap -> next task visible p50 ${result.tapToNextTaskVisible.p50Ms} ms, p95 ${result.tapToNextTaskVisible.p95Ms} ms; ` +
      `the tap's request round trip p50 ${result.tapRequestRoundTrip.p50Ms} ms, p95 ${result.tapRequestRoundTrip.p95Ms} ms`,
  );
} finally {
  await browser?.close();
  product.stop();
}
