import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { loginWithLnurl } from '../lib/wallet-sim/lnurl-auth';

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

// The requester's gold labels for the demo classification exam (lib/demo/projects.ts, intentGold).
export const intentGold: Record<string, string> = {
  'When did the nuclear disaster at Chernobyl happen?': 'Facts or explanation',
  'Write a song about Angela Merkel in the style of The Beatles.': 'Creative writing',
  'Could you please give me a python script to dynamically deserialize json?': 'Code or technical help',
  'What is the best way to form a new habit?': 'Advice or how-to',
  'How cold is it in Antarctica?': 'Facts or explanation',
};
