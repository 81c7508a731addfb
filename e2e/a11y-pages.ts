import { expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './a11y-helpers';
import { demoTeam, signInWithDemoButton } from './helpers';
import { expectNextTask, signInAsNewWorker, startProject } from './worker-helpers';

// The pages of each audience, visited in one signed-in browser context each and checked with axe (see
// a11y-helpers). Shared by the phone spec (a11y.spec.ts) and the desktop one (a11y.desktop.spec.ts). Each axe run
// costs about a second, so states that share their markup with one already checked are checked once.

/** The demo projects, one per task type (lib/demo/projects.ts). The classification one opens with an exam. */
export const demoProjectTitles = [
  'Which answer is more helpful?',
  'Rank the assistant’s answers',
  'Rate this answer',
  'Write a helpful answer',
  'What is the user asking for?',
  'What’s wrong with this answer?',
];

/** The first matching link's address, or null when the page has none. */
async function firstHref(page: Page, selector: string): Promise<string | null> {
  const links = page.locator(selector);
  return (await links.count()) > 0 ? links.first().getAttribute('href') : null;
}

async function visit(page: Page, path: string, label = path): Promise<void> {
  const response = await page.goto(path);
  expect.soft(response?.status(), `${path} answers`).toBeLessThan(400);
  await expectAccessible(page, label);
}

/** Opens the task page's instructions (the exam opens them itself), so axe reads the requester's markdown too. */
export async function openInstructions(page: Page): Promise<void> {
  const instructions = page.locator('details').filter({ has: page.locator('summary', { hasText: 'Instructions' }) });
  if ((await instructions.getAttribute('open')) === null) await instructions.locator('summary').click();
  await expect(instructions).toHaveAttribute('open', '');
}

/** Landing, sign-in, password reset and invite pages, with the sign-in and reset forms' error states. */
export async function auditPublicPages(page: Page): Promise<void> {
  for (const path of ['/', '/login', '/login/email', '/login/email/forgot', '/login/email/reset', '/invite/not-a-real-token']) await visit(page, path);
  await page.goto('/login/email', { waitUntil: 'networkidle' });
  await page.getByLabel('Email').fill(demoTeam.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expectAccessible(page, '/login/email with a wrong password');
  // A well-formed token (43 characters), so the form checks the passwords before it looks the token up.
  await page.goto(`/login/email/reset?token=${'A'.repeat(43)}`, { waitUntil: 'networkidle' });
  await page.getByLabel('New password').fill('a long new password');
  await page.getByLabel('The same again').fill('something else entirely');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByText('The two passwords differ.')).toBeVisible();
  await expectAccessible(page, '/login/email/reset with passwords that differ');
}

/** The demo tools: the wallet simulator, the outbox, and every task widget variant on the preview page. */
export async function auditDemoTools(page: Page): Promise<void> {
  for (const path of ['/dev/wallet', '/dev/outbox', '/dev/task-preview', '/dev/task-preview?only=pairwise-details&lang=es']) await visit(page, path);
}

/**
 * A new worker's pages: the project list, a task of each type (or of `taskTitles`) with its instructions open, the
 * skip and help sheets, then (after one answer, so earnings has a row) earnings, withdraw and settings.
 */
export async function auditWorkerPages(page: Page, { taskTitles = demoProjectTitles }: { taskTitles?: string[] } = {}): Promise<void> {
  await signInAsNewWorker(page);
  await expectAccessible(page, '/tasks');
  for (const title of taskTitles) {
    await startProject(page, title);
    await openInstructions(page);
    await expectAccessible(page, `task: ${title}, instructions open`);
  }
  // The sheets are the same on every task type.
  const task = await startProject(page, 'What’s wrong with this answer?');
  await page.getByRole('button', { name: 'Skip' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'task: skip sheet open');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'task: help sheet open');
  await page.getByRole('button', { name: 'Close' }).click();
  await submitMultiLabelAnswer(page, task);
  for (const path of ['/earnings', '/withdraw', '/settings']) await visit(page, path);
}

/** Answers the multi-label task on screen with one tick; the answer waits in the admin's review queue. */
async function submitMultiLabelAnswer(page: Page, task: string): Promise<void> {
  await page.getByRole('button', { name: /^Too long/ }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, task);
}

/** A new worker (in a browser of their own) answers one task, so the review queue has an item and a worker. */
async function answerOneTask(browser: Browser): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsNewWorker(page);
  await submitMultiLabelAnswer(page, await startProject(page, 'What’s wrong with this answer?'));
  await context.close();
}

/**
 * The team-wide pages, the new-project form empty and with its errors, every tab of one project, and (with
 * `everyType`) the settings of each demo project, whose options and worker preview differ by task type.
 */
export async function auditTeamPages(page: Page, { everyType }: { everyType: boolean }): Promise<void> {
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await expectAccessible(page, '/team');
  for (const path of ['/team/api', '/team/api/reference', '/team/webhooks', '/team/members']) await visit(page, path);
  await page.goto('/team/projects/new', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await expectAccessible(page, '/team/projects/new after an empty submit');
  // The conversation-tree choice swaps in its own settings editor and worker preview.
  // By keyboard, as in any radio group: from the card before it, the arrow key moves to it and picks it.
  await page.getByRole('radio', { name: 'Write or rewrite' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Conversation tree' })).toBeChecked();
  await page.getByLabel('Maximum depth').fill('0');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('The maximum depth must be at least 1.')).toBeVisible();
  await expectAccessible(page, '/team/projects/new, conversation tree with an error');

  await page.goto('/team');
  const projects = await page.locator('main a[href^="/team/projects/"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')!).filter((href) => /^\/team\/projects\/[0-9a-f-]{36}$/.test(href)),
  );
  expect(projects.length).toBeGreaterThan(0);
  const [first, ...others] = projects;
  for (const tab of ['', '/settings', '/upload', '/fund', '/exports', '/items']) await visit(page, `${first}${tab}`);
  const item = await firstHref(page, `main a[href^="${first}/items/"]`);
  if (item) await visit(page, item);
  await auditTreeProjectPages(page, projects);
  if (!everyType) return;
  for (const base of others) await visit(page, `${base}/settings`);
}

/** The tree project's own pages: its Upload tab (seed, model reply and oasst uploads), the Trees tab and one tree. */
async function auditTreeProjectPages(page: Page, projects: string[]): Promise<void> {
  await page.goto('/team');
  const treeProject = await firstHref(page, 'main a[href^="/team/projects/"]:has-text("Grow a conversation")');
  expect(treeProject, 'the demo tree project is listed').not.toBeNull();
  expect(projects).toContain(treeProject);
  for (const tab of ['/upload', '/trees']) await visit(page, `${treeProject}${tab}`);
  const tree = await firstHref(page, `main a[href^="${treeProject}/trees/"]`);
  expect(tree, 'the demo tree project has trees').not.toBeNull();
  await visit(page, tree!);
}

/** Every admin section, with the review queue holding a fresh answer, its item's page and its worker's page. */
export async function auditAdminPages(browser: Browser, page: Page): Promise<void> {
  await answerOneTask(browser);
  await signInWithDemoButton(page, 'Admin');
  await page.waitForURL('**/admin');
  await expectAccessible(page, '/admin');
  for (const path of ['/admin/review?status=APPEAL', '/admin/workers', '/admin/teams', '/admin/projects', '/admin/payouts', '/admin/audit', '/admin/review']) {
    await visit(page, path);
  }
  const item = await firstHref(page, 'main a[href^="/admin/review/items/"]');
  expect.soft(item, 'the review queue links an item').toBeTruthy();
  if (!item) return;
  await visit(page, item);
  const workerLink = await firstHref(page, 'main a[href*="worker="]');
  const workerId = workerLink && /worker=([0-9a-f-]{36})/.exec(workerLink)?.[1];
  expect.soft(workerId, 'the item page links its workers').toBeTruthy();
  if (workerId) await visit(page, `/admin/workers/${workerId}`);
}

/**
 * An admin creates a team (the success notice), and its owner opens the mailed invite in a fresh browser: the
 * accept form, empty and then with its errors.
 */
export async function auditInvite(browser: Browser, page: Page): Promise<void> {
  const tag = Date.now().toString(36);
  const email = `a11y-owner-${tag}@example.test`;
  await page.goto('/admin/teams', { waitUntil: 'networkidle' });
  await page.getByLabel('Team name', { exact: true }).fill(`A11y Lab ${tag}`);
  await page.getByLabel('Owner email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Create team and invite owner' }).click();
  await expect(page.getByRole('status')).toContainText(`the invite went to ${email}`);
  await expectAccessible(page, '/admin/teams after creating a team');
  await page.goto('/dev/outbox');
  const mail = page.getByTestId('outbox-mail').filter({ hasText: `To ${email}` }).first();
  const link = /https?:\/\/\S+\/invite\/[\w-]{43}/.exec(await mail.innerText())![0];
  const guest = await browser.newContext({ viewport: page.viewportSize() });
  const invite = await guest.newPage();
  await invite.goto(link, { waitUntil: 'networkidle' });
  await expectAccessible(invite, '/invite/[token]');
  await invite.getByLabel('Choose a password').fill('short');
  await invite.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(invite.locator('.text-red-600, [role="alert"]').first()).toBeVisible();
  await expectAccessible(invite, '/invite/[token] with errors');
  await guest.close();
}
