import { expect, test, type Page } from '@playwright/test';
import { demoAdmin, demoTeam, expectForbidden, screenshotPath, signInAsWorkerWithDemoWallet, signInWithEmail } from './helpers';

// Every admin page (the layout and each page check the role); the CSV export answers 403 without a page.
const adminPaths = ['/admin', '/admin/review', '/admin/workers', '/admin/projects', '/admin/audit'];

async function expectAdminRefused(page: Page) {
  for (const path of adminPaths) await expectForbidden(page, path);
  expect((await page.request.get('/admin/audit/export')).status()).toBe(403);
}

test('pages carry a Content-Security-Policy and HSTS, and run under them without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/login');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  // Signing in runs the page's scripts and a server action; the worker home hydrates its own.
  await signInAsWorkerWithDemoWallet(page);
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});

test('a visitor is sent to sign in before any private area', async ({ page }) => {
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/login\?next=%2Ftasks$/);
  await page.goto('/team');
  await expect(page).toHaveURL(/\/login\/email\?next=%2Fteam$/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\/email\?next=%2Fadmin$/);
});

test('a worker signs in with a Lightning wallet (LNURL-auth) and is refused the team and admin areas', async ({ page }, info) => {
  await page.goto('/login');
  await expect(page.getByAltText('Sign-in QR code for your Lightning wallet')).toBeVisible();
  await page.screenshot({ path: screenshotPath('sign-in', info.project.name) });
  await signInAsWorkerWithDemoWallet(page);
  await expect(page.getByRole('heading', { name: 'Open projects' })).toBeVisible();
  await expect(page.getByText('Which answer is more helpful?')).toBeVisible();
  await page.screenshot({ path: screenshotPath('worker-home', info.project.name) });
  await expectForbidden(page, '/team');
  await expectAdminRefused(page);
});

test('an ML team member signs in with email and is refused the worker and admin areas', async ({ page }) => {
  await signInWithEmail(page, demoTeam);
  await page.waitForURL('**/team');
  await expect(page.getByRole('heading', { name: 'Demo ML Team' })).toBeVisible();
  await expectForbidden(page, '/tasks');
  await expectAdminRefused(page);
});

test('an admin signs in with email and is refused the worker and team areas', async ({ page }, info) => {
  await signInWithEmail(page, demoAdmin);
  await page.waitForURL('**/admin');
  await expect(page.getByRole('heading', { name: 'Platform overview' })).toBeVisible();
  await expect(page.getByText('always 0')).toBeVisible();
  await page.screenshot({ path: screenshotPath('admin-home', info.project.name) });
  await expectForbidden(page, '/tasks');
  await expectForbidden(page, '/team');
});

test('a wrong password is refused with a clear message and nothing else changes', async ({ page }) => {
  await signInWithEmail(page, { email: demoTeam.email, password: 'not-the-password' });
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login\/email$/);
  await page.goto('/team');
  await expect(page).toHaveURL(/\/login\/email\?next=/);
});

test('signing out ends the session', async ({ page }) => {
  await signInWithEmail(page, demoAdmin);
  await page.waitForURL('**/admin');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\/email\?next=%2Fadmin$/);
});

for (const [button, path, name] of [
  ['Worker', '/tasks', /^Worker [0-9A-F]{6}$/],
  ['ML team', '/team', 'Ada Okafor'],
  ['Admin', '/admin', 'Sam Rivera'],
] as const) {
  test(`the demo sign-in button "${button}" opens ${path}`, async ({ page }) => {
    await page.goto('/login/email');
    await page.getByRole('region', { name: 'Demo sign-in' }).getByRole('button', { name: button }).click();
    await page.waitForURL(`**${path}`);
    await expect(page.getByTestId('viewer-name')).toHaveText(name);
  });
}

test('the wallet simulator page signs a login pasted from the sign-in screen', async ({ page, context }) => {
  await page.goto('/login');
  const href = await page.getByRole('link', { name: 'Open my wallet app' }).getAttribute('href');
  const wallet = await context.newPage();
  await wallet.goto('/dev/wallet');
  await wallet.getByLabel('LNURL (login or withdraw)').fill(href!.replace(/^lightning:/, ''));
  await wallet.getByRole('button', { name: 'Sign login' }).click();
  await expect(wallet.getByRole('status')).toContainText('Signed the login');
  await page.waitForURL('**/tasks');
});
