import { execFileSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';

/** A port nothing listens on now (asked of the OS in a child: the config is loaded synchronously). */
function freePort(): string {
  const script = "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

// E2E_PORT names the app's port; unset, a free one is picked and put in the environment, which the test workers
// the runner forks inherit, so they all load this config with the same port.
process.env.E2E_PORT ??= freePort();
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

// `npm test` sets CHROMIUM_PATH to the Chromium inside @sparticuz/chromium (scripts/lib/browser.mjs), never a
// downloaded browser; run alone, Playwright falls back to the system one. The flags keep it off the (closed) network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? 'reports/playwright.json' }]],
  use: { baseURL, trace: 'retain-on-failure', launchOptions },
  projects: [
    // Workers are on phones; ML teams work at a desk. Desktop-only specs are named *.desktop.spec.ts.
    { name: 'pixel-7', testIgnore: /\.desktop\.spec\.ts$/, use: { ...devices['Pixel 7'], launchOptions } },
    { name: 'iphone-13', testIgnore: /\.desktop\.spec\.ts$/, use: { ...devices['iPhone 13'], browserName: 'chromium', launchOptions } },
    { name: 'desktop', testMatch: /\.desktop\.spec\.ts$/, use: { ...devices['Desktop Chrome'], launchOptions } },
  ],
  webServer: {
    // The product's own start script on a throwaway embedded database: demo mode, fresh data.
    command: 'node scripts/start.mjs',
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      BOLTWORK_DATA_DIR: '.data/e2e-pg',
      BOLTWORK_FRESH_DB: '1',
      BOLTWORK_PUBLIC_URL: baseURL,
      DATABASE_URL: '',
    },
  },
});
