import { test } from '@playwright/test';
import { auditAdminPages, auditDemoTools, auditPublicPages, auditTeamPages, auditWorkerPages } from './a11y-pages';

// axe with every WCAG 2.x A/AA rule and its best practices, at phone size: no serious or critical violation, and
// none of the moderate ones issue 17 named (a11y-helpers). Failures are soft, so one run lists every page's.

test('sign-in, password reset and invite pages pass axe on a phone', async ({ page }) => {
  await auditPublicPages(page);
});

test('a worker’s pages, every task type and the task sheets pass axe on a phone', async ({ page }) => {
  test.setTimeout(120_000);
  await auditWorkerPages(page);
});

test('team, admin and demo pages pass axe on a phone too', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await auditDemoTools(page);
  await auditTeamPages(page, { everyType: false });
  await page.context().clearCookies();
  await auditAdminPages(browser, page);
});
