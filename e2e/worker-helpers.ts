import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { loginWithLnurl } from '../lib/wallet-sim/lnurl-auth';

export { intentGold } from '../lib/demo/intent-gold';

/**
 * A brand-new worker, signed in the way a phone wallet does it: the page shows an LNURL-auth code and the
 * wallet simulator (here, in the test process) signs it over real HTTP with a fresh seed.
 */
export async function signInAsNewWorker(page: Page): Promise<void> {
  await page.goto('/login');
  const href = await page.getByRole('link', { name: 'Open my wallet app' }).getAttribute('href');
  expect(href).toMatch(/^lightning:LNURL1/);
  const result = await loginWithLnurl({ lnurl: href!, seedHex: randomBytes(32).toString('hex') });
  expect(result).toMatchObject({ ok: true });
  await page.waitForURL('**/tasks');
}

export async function startProject(page: Page, title: string): Promise<string> {
  await page.goto('/tasks');
  await page.locator('li', { hasText: title }).getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  return page.url();
}

/** Waits until the page shows a task other than `previousUrl`. */
export async function expectNextTask(page: Page, previousUrl: string): Promise<string> {
  await page.waitForURL((url) => /\/tasks\/[0-9a-f-]{36}$/.test(url.pathname) && url.href !== previousUrl);
  return page.url();
}

export async function countEarningRows(page: Page, projectTitle: string): Promise<number> {
  await page.goto('/earnings');
  return page.getByTestId('earning-row').filter({ hasText: projectTitle }).count();
}
