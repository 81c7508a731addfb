import { expect, type Page } from '@playwright/test';

export const demoTeam = { email: 'team@demo.boltwork.dev', password: 'demo-team-password' };
export const demoAdmin = { email: 'admin@demo.boltwork.dev', password: 'demo-admin-password' };

/** The worker's real path: the LNURL-auth QR page, signed by the wallet simulator over HTTP. */
export async function signInAsWorkerWithDemoWallet(page: Page) {
  await page.goto('/login');
  await expect(page.getByAltText('Sign-in QR code for your Lightning wallet')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open my wallet app' })).toHaveAttribute('href', /^lightning:LNURL1[0-9A-Z]+$/);
  await page.getByRole('button', { name: 'Sign in with the demo wallet' }).click();
  await page.waitForURL('**/tasks');
}

export async function signInWithEmail(page: Page, account: { email: string; password: string }) {
  await page.goto('/login/email');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A session for a spec that isn't about passwords: the demo sign-in button of the same account. Password sign-ins
 * share a per-address limit (40 in 15 minutes), which the whole e2e run, all from 127.0.0.1, would exhaust.
 */
export async function signInWithDemoButton(page: Page, account: 'ML team' | 'Admin') {
  await page.goto('/login/email');
  await page.getByRole('region', { name: 'Demo sign-in' }).getByRole('button', { name: account }).click();
}

export async function expectForbidden(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'This area isn’t yours' })).toBeVisible();
}

export function screenshotPath(name: string, projectName: string) {
  return `docs/screenshots/${projectName}-${name}.png`;
}
