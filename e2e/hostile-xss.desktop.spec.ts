import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { demoAdmin, demoTeam, signInWithEmail } from './helpers';
import {
  apiAuth,
  expectInert,
  hostileFileName,
  labelPayloads,
  markdownVisibleTexts,
  plainPayload,
  seedHostileProjects,
  watchDialogs,
  type HostileProject,
} from './hostile-helpers';
import { signInAsNewWorker, startProject } from './worker-helpers';

// Issue 7, hostile input on the team and admin pages (desktop): what requesters upload and what workers type is
// shown as text everywhere, the markdown preview runs no HTML, and exports download as files, never as pages.

const writingAnswer = `answer </textarea><img src=x onerror="window.__xss='answer'"> "'><script>alert('answer')</script>`;

/** A worker on a phone answers the classification item with a hostile label and the rewrite with hostile text. */
async function workerAnswers(browser: Browser, baseURL: string, projects: Record<string, HostileProject>): Promise<string> {
  const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
  const context = await browser.newContext({ ...pixel7, baseURL });
  const page = await context.newPage();
  await signInAsNewWorker(page);
  const name = (await page.getByTestId('viewer-name').innerText()).trim();
  await startProject(page, projects.classify.title);
  await page.getByRole('button', { name: labelPayloads[1] }).click();
  await expect(page.getByText(/done every task available in this project/)).toBeVisible({ timeout: 15_000 });
  await startProject(page, projects.rewrite.title);
  await page.getByRole('textbox').fill(writingAnswer);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/done every task available in this project/)).toBeVisible({ timeout: 15_000 });
  await context.close();
  return name;
}

async function signedIn(browser: Browser, baseURL: string, account: { email: string; password: string }, home: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  await signInWithEmail(page, account);
  await page.waitForURL(`**${home}`);
  return { page, dialogs };
}

async function waitForExport(page: Page, exportId: string) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/exports/${exportId}`, { headers: apiAuth })).json()).status, { timeout: 30_000 })
    .toBe('READY');
}

test('hostile project, item, label, file name, webhook and worker text stays inert on team and admin pages', async ({ browser, request }, info) => {
  test.setTimeout(170_000);
  const baseURL = info.project.use.baseURL!;
  const run = `desktop-${Date.now().toString(36)}`;
  const projects = await seedHostileProjects(request, browser, baseURL, run);
  const { classify, rewrite } = projects;

  // Webhook URLs: a javascript: URL is refused; an https URL full of markup is kept, and shown as text below.
  const refused = await request.post('/api/v1/webhooks', { headers: apiAuth, data: { url: "javascript:alert('hook')", events: ['export.ready'] } });
  expect(refused.status()).toBe(422);
  const hookUrl = `https://example.invalid/${run}?q="><img src=x onerror=alert('hook')><script>window.__xss='hook'</script>`;
  const hook = await request.post('/api/v1/webhooks', { headers: apiAuth, data: { url: hookUrl, events: ['export.ready'] } });
  expect(hook.status(), await hook.text()).toBe(201);
  const hookId = (await hook.json()).id as string;

  const workerName = await workerAnswers(browser, baseURL, projects);

  // ---- Team pages ----
  const { page: team, dialogs } = await signedIn(browser, baseURL, demoTeam, '/team');
  await team.goto('/team');
  await expectInert(team, dialogs, Object.values(projects).map((p) => p.title));
  const base = `/team/projects/${classify.id}`;
  await team.goto(base);
  await expectInert(team, dialogs, [classify.title]);
  await team.goto(`${base}/items`);
  await expectInert(team, dialogs, [classify.title, plainPayload('itemtitle')]);
  await team.goto(`${base}/upload`);
  await expectInert(team, dialogs, [hostileFileName]);

  // Settings: the values sit in inputs (attribute context) unchanged, and both previews render them inertly:
  // the instructions through the client-side markdown renderer, the title and labels in "Preview as worker".
  await team.goto(`${base}/settings`);
  await expect(team.getByLabel('Title')).toHaveValue(classify.title);
  await expect(team.getByLabel('Labels')).toHaveValue(labelPayloads.join('\n'));
  await expect(team.getByTestId('instructions-preview')).toContainText('classify-instr-VISIBLE');
  await expect(team.getByTestId('worker-preview')).toContainText(labelPayloads[2]);
  await expectInert(team, dialogs, [classify.title, ...markdownVisibleTexts('classify-instr'), ...labelPayloads]);
  // A payload typed into the form runs in the live preview no more than a stored one.
  await team.getByLabel('Instructions').fill(`typed-VISIBLE <img src=x onerror="window.__xss='typed'"> [typed-link](javascript:alert('typed'))`);
  await expect(team.getByTestId('instructions-preview')).toContainText('typed-VISIBLE');
  await expectInert(team, dialogs, ['typed-link']);

  // Exports: the hostile content is in the files, which download as CSV/JSONL attachments, never as HTML.
  for (const format of ['AGGREGATED_CSV', 'RAW_JSONL']) {
    const created = await request.post(`/api/v1/projects/${classify.id}/exports`, { headers: apiAuth, data: { format, filters: { status: 'all' } } });
    expect(created.status(), await created.text()).toBe(202);
    const exportId = (await created.json()).id as string;
    await waitForExport(team, exportId);
    const file = await team.request.get(`/api/team/exports/${exportId}`);
    expect(file.status()).toBe(200);
    const headers = file.headers();
    expect(headers['content-type']).toMatch(format.endsWith('CSV') ? /^text\/csv/ : /^application\/x-ndjson/);
    expect(headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+"$/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(await file.text()).toContain("window.__xss='L2'"); // the worker's hostile label, verbatim
    const viaApi = await request.get(`/api/v1/exports/${exportId}/download`, { headers: apiAuth });
    expect(viaApi.headers()['content-type']).not.toContain('html');
    expect(viaApi.headers()['content-disposition']).toMatch(/^attachment;/);
    // The dataset card repeats the title and instructions: markdown text, never sniffed as HTML.
    const card = await team.request.get(`/api/team/exports/${exportId}?file=card`);
    expect(card.headers()['content-type']).toMatch(/^text\/markdown/);
    expect(card.headers()['x-content-type-options']).toBe('nosniff');
    const apiCard = await request.get(`/api/v1/exports/${exportId}/card`, { headers: apiAuth });
    expect(apiCard.headers()['content-type']).toMatch(/^text\/markdown/);
    expect(apiCard.headers()['x-content-type-options']).toBe('nosniff');
  }
  await team.goto(`${base}/exports`);
  await expect(team.getByTestId('export-row')).toHaveCount(2);
  await expectInert(team, dialogs, [classify.title]);

  await team.goto('/team/webhooks');
  await expectInert(team, dialogs, [hookUrl]);
  expect((await request.delete(`/api/v1/webhooks/${hookId}`, { headers: apiAuth })).ok()).toBe(true);
  await team.context().close();

  // ---- Admin pages ----
  const { page: admin, dialogs: adminDialogs } = await signedIn(browser, baseURL, demoAdmin, '/admin');
  await admin.goto(`/admin/review?status=PENDING&worker=${encodeURIComponent(workerName)}`);
  const classifyCard = admin.getByTestId('review-item').filter({ hasText: classify.title });
  const rewriteCard = admin.getByTestId('review-item').filter({ hasText: rewrite.title });
  await expect(classifyCard).toHaveCount(1);
  await expect(rewriteCard).toHaveCount(1);
  // The cards show their items open (the item is what a reviewer reads first).
  await expectInert(admin, adminDialogs, [
    classify.title,
    rewrite.title,
    plainPayload('itemtitle'),
    ...markdownVisibleTexts('classtext'),
    ...markdownVisibleTexts('writeprompt'),
    labelPayloads[1], // the worker's answer, as the consensus summary
    writingAnswer,
  ]);
  const reason = plainPayload('desk-reason');
  await rewriteCard.getByLabel('Reason').fill(reason);
  await rewriteCard.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(admin.getByRole('status')).toHaveText('Rejected.');

  await admin.goto(`/admin/review?status=REJECTED&worker=${encodeURIComponent(workerName)}`);
  await expectInert(admin, adminDialogs, [rewrite.title, reason, writingAnswer]);
  await admin.getByTestId('review-item').filter({ hasText: rewrite.title }).getByRole('link', { name: /^All answers for this item/ }).click();
  await admin.waitForURL(/\/admin\/review\/items\//);
  await expectInert(admin, adminDialogs, [rewrite.title, reason, writingAnswer, ...markdownVisibleTexts('writeprompt')]);

  await admin.goto('/admin');
  await expectInert(admin, adminDialogs);
  await admin.goto('/admin/projects');
  await expectInert(admin, adminDialogs, [classify.title]);
  await admin.goto('/admin/workers');
  await expectInert(admin, adminDialogs);
  // The audit log shows the created project's settings (title, instructions) as JSON text.
  await admin.goto(`/admin/audit?targetId=${classify.id}`);
  await expectInert(admin, adminDialogs, [JSON.stringify(classify.title).slice(1, -1)]);
  const auditCsv = await admin.request.get(`/admin/audit/export?targetId=${classify.id}`);
  expect(auditCsv.headers()['content-type']).toMatch(/^text\/csv/);
  expect(auditCsv.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(await auditCsv.text()).toContain('classify-instr-VISIBLE');
  await admin.context().close();
});
