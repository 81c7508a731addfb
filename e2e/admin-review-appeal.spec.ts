import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { demoAdmin, screenshotPath, signInWithEmail } from './helpers';
import { expectNextTask, signInAsNewWorker, startProject } from './worker-helpers';

// The demo rating project has no auto-approval delay set, so its judgments wait for a human; 13 sats each.
const project = 'Rate this answer';
const reward = 13;
const reason = 'The scores do not match the answer you rated.';

/** The worker's "Available" figure on /earnings, in sats. */
async function readAvailableSats(page: Page): Promise<number> {
  await page.goto('/earnings');
  const card = page.getByText('Available', { exact: true }).locator('xpath=..');
  const text = await card.innerText();
  return Number(/([\d,]+) sats?/.exec(text)![1].replaceAll(',', ''));
}

/** A second browser (the admin's) with the same phone as the test project. */
async function openAdminPage(browser: Browser, info: TestInfo): Promise<Page> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL } = info.project.use;
  const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL });
  const page = await context.newPage();
  await signInWithEmail(page, demoAdmin);
  await page.waitForURL('**/admin');
  return page;
}

test('an admin rejects with a reason, the worker appeals, the admin upholds it and the worker is paid', async ({ page, browser }, info) => {
  // The worker answers one task, slowly enough not to count as too fast.
  await signInAsNewWorker(page);
  const workerName = (await page.getByTestId('viewer-name').innerText()).trim();
  const before = await readAvailableSats(page);
  const first = await startProject(page, project);
  await page.waitForTimeout(4_500); // the project's minimum time per task is 4 s
  for (const criterion of ['helpfulness', 'accuracy', 'clarity']) {
    await page.getByRole('group', { name: new RegExp(criterion, 'i') }).getByRole('button', { name: '2 out of 5' }).click();
  }
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);

  // The admin finds it by the worker's name and rejects it with a reason.
  const admin = await openAdminPage(browser, info);
  await admin.goto(`/admin/review?status=PENDING&worker=${encodeURIComponent(workerName)}`);
  const card = admin.getByTestId('review-item').filter({ hasText: project });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(workerName);
  // The item is open from the start, and the answer reads as words, not as its raw JSON.
  await expect(card.getByRole('article').first()).toBeVisible();
  await expect(card.getByTestId('review-answer')).toContainText('helpfulness: 2');
  await admin.screenshot({ path: screenshotPath('admin-review', info.project.name), fullPage: true });
  await card.getByLabel('Reason').fill(reason);
  await card.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(admin.getByRole('status')).toHaveText('Rejected.');

  // The worker sees the reason and appeals.
  await page.goto('/earnings');
  const row = page.getByTestId('earning-row').filter({ hasText: project });
  await expect(row).toContainText(`Reason: ${reason}`);
  await expect(row).toContainText('Rejected');
  // What was rejected: the task's content and the worker's own answer, one tap away.
  await row.getByText('See the task and your answer').click();
  const details = row.getByTestId('rejected-task');
  await expect(details).toContainText('Your answer:');
  for (const criterion of ['helpfulness', 'accuracy', 'clarity']) await expect(details).toContainText(`${criterion}: 2`);
  await row.getByRole('button', { name: 'Appeal' }).click();
  await row.getByLabel('Why should this be approved?').fill('I read the whole answer; it is vague and partly wrong, so 2 of 5 is fair.');
  await row.getByRole('button', { name: 'Send appeal' }).click();
  // The action revalidates /earnings: the form gives way to the appeal's status.
  await expect(row.getByTestId('appeal-status')).toHaveText('Appeal sent: waiting for an admin');
  await page.screenshot({ path: screenshotPath('worker-appeal', info.project.name), fullPage: true });
  await page.reload();
  await expect(row.getByTestId('appeal-status')).toHaveText('Appeal sent: waiting for an admin');
  await expect(row.getByRole('button', { name: 'Appeal' })).toHaveCount(0); // once only

  // The admin upholds the appeal from the Appeals view.
  await admin.goto(`/admin/review?status=APPEAL&worker=${encodeURIComponent(workerName)}`);
  const appeal = admin.getByTestId('review-item').filter({ hasText: project });
  await expect(appeal.getByTestId('appeal-text')).toContainText('2 of 5 is fair');
  await appeal.getByRole('button', { name: 'Uphold and pay' }).click();
  await expect(admin.getByRole('status')).toHaveText('Appeal upheld; the worker was paid.');
  await admin.context().close();

  // The worker sees it approved and the reward in their balance.
  await page.goto('/earnings');
  await expect(row.getByTestId('appeal-status')).toHaveText('Appeal upheld: paid');
  await expect(row).toContainText('Approved');
  expect(await readAvailableSats(page)).toBe(before + reward);
});
