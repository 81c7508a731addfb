import { test } from '@playwright/test';
import { auditAdminPages, auditInvite, auditPublicPages, auditTeamPages, auditWorkerPages, demoProjectTitles } from './a11y-pages';

// axe with every WCAG 2.x A/AA rule and its best practices, at desktop size: the team and admin pages, whose users
// sit at a desk, and the sign-in and worker pages, which open on a laptop too (a11y-helpers says what fails).

test('team pages, with the settings of every task type, pass axe at a desk', async ({ page }) => {
  test.setTimeout(150_000);
  await auditTeamPages(page, { everyType: true });
});

test('admin pages and a team invite pass axe at a desk', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await auditAdminPages(browser, page);
  await auditInvite(browser, page);
});

test('sign-in and worker pages pass axe at a desk', async ({ page }) => {
  test.setTimeout(150_000);
  await auditPublicPages(page);
  // The task widgets' markup is the same at any width (checked on the phones); two types show the wide layout.
  await auditWorkerPages(page, { taskTitles: demoProjectTitles.slice(0, 2) });
});
