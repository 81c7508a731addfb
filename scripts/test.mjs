// `npm test`: every suite (unit + integration with Vitest, then Playwright e2e on phones), run even
// when an earlier one fails, ending with one line "N passed, N failed" and a non-zero exit on failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveChromium } from './lib/browser.mjs';

const reportsDir = path.resolve('reports');
fs.mkdirSync(reportsDir, { recursive: true });

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

async function vitestSuite() {
  const report = path.join(reportsDir, 'vitest.json');
  fs.rmSync(report, { force: true });
  const code = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], { VITEST_JSON: report });
  const json = readJson(report);
  const passed = json?.numPassedTests ?? 0;
  const skipped = (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0);
  // A file that fails to load has no failed tests, and a crash writes no report: both still count.
  let failed = json?.numFailedTests || json?.numFailedTestSuites || 0;
  if (code !== 0 && failed === 0) failed = 1;
  return { name: 'vitest (unit + integration)', passed, failed, skipped };
}

async function playwrightSuite() {
  const report = path.join(reportsDir, 'playwright.json');
  fs.rmSync(report, { force: true });
  let chromiumPath;
  try {
    chromiumPath = await resolveChromium();
  } catch (error) {
    console.error(error.message);
    return { name: 'playwright (e2e)', passed: 0, failed: 1, skipped: 0 };
  }
  const code = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], { PLAYWRIGHT_JSON_OUTPUT_FILE: report, CHROMIUM_PATH: chromiumPath });
  const stats = readJson(report)?.stats;
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = (stats?.unexpected ?? 0) + (code !== 0 && !stats?.unexpected ? 1 : 0);
  return { name: 'playwright (e2e)', passed, failed, skipped: stats?.skipped ?? 0 };
}

for (const suite of [vitestSuite, playwrightSuite]) {
  const result = await suite();
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  lines.push(`  ${result.name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
}

console.log(`\nTest summary\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
