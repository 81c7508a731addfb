import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { demoAdmin, signInWithEmail } from './helpers';
import {
  expectInert,
  labelPayloads,
  markdownVisibleTexts,
  plainPayload,
  seedHostileProjects,
  watchDialogs,
  type HostileProject,
} from './hostile-helpers';
import { signInAsNewWorker, startProject } from './worker-helpers';

// Issue 7, hostile input on the worker's phone: requester titles, instructions, labels and item content of every
// task type, an admin's rejection and pause reasons, all rendered in a real browser and none of it running.

async function openTask(page: Page, project: HostileProject) {
  await startProject(page, project.title);
  // Instructions are folded by default: open them so their text can be checked too.
  await page.locator('summary', { hasText: 'Instructions' }).click();
}

/** The instructions, the project title and the labels/criteria every task page of the project shows. */
function pageTexts(project: HostileProject, key: string) {
  return [project.title, ...markdownVisibleTexts(`${key}-instr`)];
}

async function openAdminPage(browser: Browser, info: TestInfo): Promise<{ admin: Page; adminDialogs: string[] }> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL } = info.project.use;
  const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL });
  const admin = await context.newPage();
  const adminDialogs = watchDialogs(admin);
  await signInWithEmail(admin, demoAdmin);
  await admin.waitForURL('**/admin');
  return { admin, adminDialogs };
}

test('hostile titles, instructions, labels, item content and admin reasons stay inert on the worker pages', async ({ page, browser, request }, info) => {
  test.setTimeout(170_000);
  const dialogs = watchDialogs(page);
  const run = `${info.project.name}-${Date.now().toString(36)}`;
  const projects = await seedHostileProjects(request, browser, info.project.use.baseURL!, run);

  await signInAsNewWorker(page);
  const workerName = (await page.getByTestId('viewer-name').innerText()).trim();
  await expectInert(page, dialogs, Object.values(projects).map((p) => p.title));

  // Classification: item title (plain), item text (markdown), hostile label names on the buttons.
  await openTask(page, projects.classify);
  await expectInert(page, dialogs, [
    ...pageTexts(projects.classify, 'classify'),
    plainPayload('itemtitle'),
    ...markdownVisibleTexts('classtext'),
    ...labelPayloads,
  ]);
  // Answer with the hostile label so an admin can reject it below.
  await page.getByRole('button', { name: labelPayloads[0] }).click();
  await expect(page.getByText(/done every task available in this project/)).toBeVisible({ timeout: 15_000 });

  // Pairwise: prompt and both responses, criteria names.
  await openTask(page, projects.pairwise);
  await expectInert(page, dialogs, [
    ...pageTexts(projects.pairwise, 'pairwise'),
    ...markdownVisibleTexts('pairprompt'),
    ...markdownVisibleTexts('pairA'),
    ...markdownVisibleTexts('pairB'),
  ]);

  // Ranking: the responses are laid out by the widget itself.
  await openTask(page, projects.ranking);
  await expectInert(page, dialogs, [
    ...pageTexts(projects.ranking, 'ranking'),
    ...markdownVisibleTexts('rankprompt'),
    ...['rank1', 'rank2', 'rank3'].flatMap(markdownVisibleTexts),
  ]);

  // Rating: criteria and the scale's end labels.
  await openTask(page, projects.rating);
  await expectInert(page, dialogs, [
    ...pageTexts(projects.rating, 'rating'),
    ...markdownVisibleTexts('rateprompt'),
    ...markdownVisibleTexts('rateresponse'),
    ...labelPayloads,
  ]);

  // Rewrite: the draft is the editor's value, character for character (a </textarea> must not break out).
  await openTask(page, projects.rewrite);
  await expectInert(page, dialogs, [...pageTexts(projects.rewrite, 'rewrite'), ...markdownVisibleTexts('writeprompt'), 'guidelines-VISIBLE']);
  // A long unbroken word in the guidelines must wrap: a page wider than the phone pushed Submit off-screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const editor = page.getByRole('textbox');
  await expect(editor).toHaveValue(`draft </textarea><img src=x onerror=alert('draft')> "'><script>window.__xss='draft'</script>`);

  // An admin rejects the classification answer with a hostile reason.
  const { admin, adminDialogs } = await openAdminPage(browser, info);
  const reason = plainPayload('reason');
  await admin.goto(`/admin/review?status=PENDING&worker=${encodeURIComponent(workerName)}`);
  const card = admin.getByTestId('review-item').filter({ hasText: projects.classify.title });
  await expect(card).toHaveCount(1);
  await card.getByLabel('Reason').fill(reason);
  await card.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(admin.getByRole('status')).toHaveText('Rejected.');

  // The worker sees the reason as text on earnings, and appeals with hostile text.
  await page.goto('/earnings');
  const row = page.getByTestId('earning-row').filter({ hasText: projects.classify.title });
  await expect(row).toContainText(reason);
  await expectInert(page, dialogs, [projects.classify.title, reason]);
  const appealText = plainPayload('appeal');
  await row.getByRole('button', { name: 'Appeal' }).click();
  await row.getByLabel('Why should this be approved?').fill(appealText);
  await row.getByRole('button', { name: 'Send appeal' }).click();
  await expect(row.getByTestId('appeal-status')).toHaveText('Appeal sent: waiting for an admin');
  await page.reload();
  await expectInert(page, dialogs, [reason]);

  // The admin reads the appeal, then pauses the worker with a hostile reason the worker is shown.
  await admin.goto(`/admin/review?status=APPEAL&worker=${encodeURIComponent(workerName)}`);
  await expect(admin.getByTestId('appeal-text')).toContainText(appealText);
  await expectInert(admin, adminDialogs, [appealText, reason, projects.classify.title]);
  await admin.getByRole('link', { name: /^All answers for this item/ }).click();
  await admin.waitForURL(/\/admin\/review\/items\//);
  const workerHref = await admin.getByRole('link', { name: 'Act on this judgment' }).getAttribute('href');
  const workerId = /worker=([0-9a-f-]{36})/.exec(workerHref ?? '')![1];
  await admin.goto(`/admin/workers/${workerId}`);
  const pauseReason = plainPayload('pause');
  await admin.getByLabel('Pause reason').fill(pauseReason);
  await admin.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(admin.getByText(pauseReason)).toBeVisible();
  await expectInert(admin, adminDialogs, [pauseReason]);
  await admin.context().close();

  await page.goto('/tasks');
  await expectInert(page, dialogs, [pauseReason]);
});
