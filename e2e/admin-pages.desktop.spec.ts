import { expect, test } from '@playwright/test';
import { screenshotPath, signInWithDemoButton } from './helpers';

// Every admin section renders for an admin at a desk, and the audit log exports as CSV.
const sections = [
  { path: '/admin', heading: 'Platform overview', shot: 'admin-overview' },
  { path: '/admin/review', heading: 'Review queue', shot: 'admin-review-desk' },
  { path: '/admin/workers', heading: 'Flagged workers', shot: 'admin-flagged-workers' },
  { path: '/admin/projects', heading: 'Projects', shot: 'admin-projects' },
  { path: '/admin/payouts', heading: 'Payouts in flight', shot: 'admin-payouts' },
  { path: '/admin/audit', heading: 'Audit log', shot: 'admin-audit' },
];

test('an admin opens every section and exports the audit log', async ({ page }, info) => {
  await signInWithDemoButton(page, 'Admin');
  await page.waitForURL('**/admin');
  for (const section of sections) {
    const response = await page.goto(section.path);
    expect(response?.status(), section.path).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: section.heading })).toBeVisible();
    await page.screenshot({ path: screenshotPath(section.shot, info.project.name), fullPage: true });
  }
  const csv = await page.request.get('/admin/audit/export');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\n')[0]).toMatch(/action/);
});
