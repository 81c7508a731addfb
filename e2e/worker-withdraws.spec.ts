import { expect, test } from '@playwright/test';
import { demoAdmin, screenshotPath, signInWithEmail } from './helpers';
import { expectNextTask, signInAsNewWorker, startProject } from './worker-helpers';

test('a worker finishes a task, an admin approves it, and the worker withdraws it over Lightning', async ({ page, browser }, info) => {
  await signInAsNewWorker(page);
  const workerName = (await page.getByTestId('viewer-name').textContent())!.trim();
  const first = await startProject(page, 'Rate this answer');
  for (const criterion of ['helpfulness', 'accuracy', 'clarity']) {
    await page.getByRole('group', { name: new RegExp(criterion, 'i') }).getByRole('button', { name: '5 out of 5' }).click();
  }
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);

  const adminContext = await browser.newContext({ ...info.project.use });
  const admin = await adminContext.newPage();
  await signInWithEmail(admin, demoAdmin);
  await admin.waitForURL('**/admin');
  // Filtered to this worker: the suite's other workers fill the queue's first page.
  await admin.goto(`/admin/review?status=PENDING&worker=${encodeURIComponent(workerName)}`);
  const item = admin.getByTestId('review-item').filter({ hasText: workerName });
  await expect(item).toHaveCount(1);
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByTestId('review-item').filter({ hasText: workerName })).toHaveCount(0);
  await adminContext.close();

  await page.goto('/withdraw');
  await expect(page.getByText('13 sats').first()).toBeVisible();
  await page.getByRole('button', { name: /^Withdraw \d+ sats$/ }).click();
  await expect(page.getByAltText('LNURL-withdraw QR code')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open my wallet app' })).toHaveAttribute('href', /^lightning:LNURL1[0-9A-Z]+$/);
  await expect(page.getByRole('link', { name: 'Open as lnurlw:// link' })).toHaveAttribute('href', /^lnurlw:\/\//);
  await page.screenshot({ path: screenshotPath('withdraw', info.project.name) });
  await page.getByRole('button', { name: 'Withdraw to the demo wallet' }).click();
  await expect(page.getByTestId('withdraw-status')).toHaveText(/^Paid \d+ sats$/, { timeout: 30_000 });
  await expect(page.getByTestId('withdraw-preimage')).toHaveText(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: screenshotPath('withdraw-paid', info.project.name) });

  await expect(page.getByText('Routing fee: 0.012 sats')).toBeVisible();

  // No reload: the page's balance and history follow the payment. 13 sats earned; 11 withdrawn, 2 sats of fee
  // limit held back; the simulated route cost 12 msats, so 1,988 msats come back: 1 whole sat shows as available.
  await expect(page.getByTestId('withdraw-history')).toContainText('11 sats · paid');
  await expect(page.getByText('Available to withdraw').locator('..')).toHaveText(/(?<!\d)1 sat$/);
  await page.getByRole('button', { name: 'Make a new link' }).click();
  await expect(page.getByText('You have 1 sat. A withdrawal needs at least 3 sats')).toBeVisible();
});
