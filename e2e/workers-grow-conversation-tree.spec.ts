import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './a11y-helpers';
import { screenshotPath, signInWithDemoButton } from './helpers';
import { signInAsNewWorker } from './worker-helpers';

// Conversation trees on phones (issue 18): a crowd of new workers, each in a browser of their own, grows a tree
// through the task page alone: a prompt written, reviewed, replied to by two assistants, the replies reviewed and
// ranked, the best one answered by two users, those reviewed and ranked, the best answered by two assistants again,
// reviewed and ranked, until the tree is READY at depth 3 (the demo project's settings: lib/demo/projects.ts). Every
// kind of tree task is done and photographed on the way, and a reply identical to its sibling's is refused. Then the
// team exports the tree from its exports page in each tree format and reads the downloaded files.

const key = 'bw_live_demo-team-key-for-the-curl-walkthrough';
const auth = { Authorization: `Bearer ${key}` };
const PROJECT = 'Grow a conversation';

test.use({ actionTimeout: 20_000 });
const CROWD = 7;

type Kind = 'WRITE_PROMPT' | 'REPLY' | 'REVIEW' | 'RANK';
type Tree = { id: string; state: string; liveMessages: number; maxDepth: number | null; openTasks: number };

test('seven workers grow a conversation tree to depth 3 through every kind of tree task', async ({ browser, request }, info) => {
  test.setTimeout(480_000);
  repliesByConversation.clear();
  refusals.length = 0;
  pageErrors.length = 0;
  reloaded.clear();
  reportedFrom.clear();
  const projects = await request.get('/api/v1/projects?limit=100', { headers: auth });
  expect(projects.ok()).toBe(true);
  const project = ((await projects.json()).data as { id: string; title: string }[]).find((p) => p.title === PROJECT);
  expect(project, 'the demo tree project').toBeTruthy();
  // A tree of this run's own, from a prompt a worker writes (the demo's trees are shared by both phone projects).
  const created = await request.post(`/api/v1/projects/${project!.id}/trees`, {
    headers: { ...auth, 'Idempotency-Key': `e2e-tree-${info.project.name}-${Date.now()}` },
    data: {},
  });
  expect(created.status(), await created.text()).toBe(201);
  const { treeId } = (await created.json()) as { treeId: string };
  const readTree = async (): Promise<Tree> => {
    const response = await request.get(`/api/v1/projects/${project!.id}/trees`, { headers: auth });
    return ((await response.json()).data as Tree[]).find((tree) => tree.id === treeId)!;
  };

  const crowd = await Promise.all(Array.from({ length: CROWD }, () => newWorker(browser)));
  const seen = new Map<string, number>();
  const shot: Shot = async (page, name) => {
    if (seen.has(name)) return;
    seen.set(name, 1);
    await page.screenshot({ path: screenshotPath(`tree-${name}`, info.project.name) });
  };

  let idleRounds = 0;
  for (let round = 0; round < 12 && idleRounds < 2; round++) {
    let done = 0;
    for (const page of crowd) done += await workUntilNone(page, shot);
    if ((await readTree()).state === 'READY') break;
    idleRounds = done === 0 ? idleRounds + 1 : 0;
  }

  const tree = await readTree();
  expect(tree).toMatchObject({ state: 'READY', liveMessages: 7, maxDepth: 3, openTasks: 0 });
  expect([...seen.keys()].sort()).toEqual(['rank', 'refused-duplicate', 'reply-assistant', 'reply-user', 'report-rank', 'report-reply', 'review', 'write-prompt']);
  expect(refusals).toHaveLength(1);
  expect(pageErrors).toEqual([]);
  for (const page of crowd) await page.context().close();

  await teamExportsTree(browser, project!.id, treeId);
});

type Chat = { role: string; content: string }[];
type OasstNode = { message_id: string; user_id?: string; role: string; text: string; deleted: boolean; replies: OasstNode[] };

/** The team opens the exports page, creates each tree format, downloads it, and finds this run's tree in it. */
async function teamExportsTree(browser: Browser, projectId: string, treeId: string) {
  const context = await browser.newContext({ ...browserContextOptions() });
  const page = await context.newPage();
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await page.goto(`/team/projects/${projectId}/exports`);
  const formats = page.getByLabel('Format');
  // A tree project offers its formats first, and raw judgments; no per-item training format.
  await expect(formats.locator('option')).toHaveText(['OpenAssistant trees', 'Best-path conversations (SFT)', 'Ranked reply pairs (TRL DPO)', 'Raw judgments (JSONL)', 'Raw judgments (CSV)']);
  await expect(page.getByLabel('Trees')).toHaveValue('approved');
  await expect(page.getByLabel('Gold items')).toHaveCount(0);
  const download = async (format: string) => {
    const rows = page.getByTestId('export-row');
    const before = await rows.count();
    await formats.selectOption(format);
    await page.getByRole('button', { name: 'Create export' }).click();
    await expect(rows).toHaveCount(before + 1);
    const link = rows.first().getByTestId('export-download-all');
    await expect(link).toBeVisible({ timeout: 60_000 });
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`-${format.toLowerCase().replaceAll('_', '-')}-all\\.jsonl$`));
    return readFileSync(await file.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  const trees = await download('OASST_TREES');
  const tree = trees.find((t) => t.message_tree_id === treeId) as { tree_state: string; prompt: OasstNode } | undefined;
  expect(tree, 'this run\'s tree in the oasst file').toBeTruthy();
  expect(tree!.tree_state).toBe('ready_for_export');
  const all: OasstNode[] = [];
  const walk = (m: OasstNode) => (all.push(m), m.replies.forEach(walk));
  walk(tree!.prompt);
  expect(all).toHaveLength(7);
  expect(all.every((m) => /^[0-9a-f]{16}$/.test(m.user_id ?? ''))).toBe(true);
  const prompt = tree!.prompt.text;

  const sft = (await download('TREE_SFT')).find((row) => (row.messages as Chat)[0].content === prompt);
  expect((sft!.messages as Chat).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

  // Two assistant groups ranked (after the prompt, after the best user reply): one pair each; the user pair is left out.
  const pairs = (await download('TREE_DPO')).filter((row) => (row.metadata as { message_tree_id: string }).message_tree_id === treeId);
  expect(pairs.map((row) => (row.prompt as Chat).length).sort()).toEqual([1, 3]);
  for (const row of pairs) expect((row.chosen as Chat)[0].content).not.toBe((row.rejected as Chat)[0].content);
  await context.close();
}

/** Errors any worker's page logged: a hydration mismatch (React #418) or a failed chunk would show here. */
const pageErrors: string[] = [];

async function newWorker(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...browserContextOptions() });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await signInAsNewWorker(page);
  return page;
}

/** The phone project's device settings for a new context (test.use passes them only to the default one). */
function browserContextOptions() {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = test.info().project.use;
  return { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}

let written = 0;
/** Each reply written so far, by the conversation it answers: the first second reply repeats its sibling. */
const repliesByConversation = new Map<string, string>();
const refusals: string[] = [];
const reloaded = new Set<Kind>();
type Shot = (page: Page, name: string) => Promise<void>;

/** Opens the tree project and does whatever tree task comes, until none is left for this worker. Returns the count. */
async function workUntilNone(page: Page, shot: Shot): Promise<number> {
  await page.goto('/tasks');
  const start = page.locator('li', { hasText: PROJECT }).getByRole('button', { name: 'Start' });
  if ((await start.count()) === 0) return 0;
  await start.click();
  const task = page.locator('[data-tree-task]');
  const status = page.locator('li', { hasText: PROJECT }).getByRole('status');
  await expect(task.or(status)).toBeVisible();
  if (!(await task.isVisible())) return 0;
  let done = 0;
  for (;;) {
    const id = await task.getAttribute('data-assignment-id');
    const kind = (await task.getAttribute('data-tree-task')) as Kind;
    if (done === 0 && !reloaded.has(kind)) {
      // A worker's first task of a kind not yet reloaded is opened directly: rendered on the server, then hydrated
      // (pageErrors would show a mismatch). Only the first, with no answer on its way: the task loop's own reload
      // cases are in worker-task-loop.spec.ts.
      reloaded.add(kind);
      await page.goto(`/tasks/${id}`);
      await page.waitForLoadState('networkidle');
      await expect(task).toHaveAttribute('data-assignment-id', id!);
      await expectAccessible(page, `a tree task (${kind})`);
    }
    const isDuplicate = await answer(page, kind, shot);
    const next = page.locator(`[data-tree-task]:not([data-assignment-id="${id}"])`);
    const notice = page.locator('main [role="alert"]');
    if (isDuplicate) {
      // Refused with its reason: on this task (sent again below), or on the next one when that was already on screen
      // (leased ahead; the refused task stays this worker's and comes back).
      await expect(notice).toContainText('Another reply here already says the same thing', { timeout: 20_000 });
      refusals.push(await notice.innerText());
      await shot(page, 'refused-duplicate');
      continue;
    }
    await expect(next.or(notice).first()).toBeVisible({ timeout: 20_000 });
    const text = (await notice.count()) > 0 ? await notice.first().innerText() : '';
    done++;
    if (/every task available/.test(text)) return done;
    expect(text, 'no refusal').toBe('');
  }
}

const reportedFrom = new Set<string>();

/**
 * Once per kind, the worker reports a message the task shows before answering it (a red flag: one is far below the
 * limit, so the tree grows on). A ranking offers each reply and the message they answer, so the worker picks one.
 */
async function reportOnce(page: Page, kind: 'reply' | 'rank', target: string, shot: Shot): Promise<void> {
  if (reportedFrom.has(kind)) return;
  reportedFrom.add(kind);
  await page.getByRole('button', { name: 'Report a message' }).click();
  const sheet = page.getByRole('dialog', { name: 'Report a message' });
  await expect(sheet).toBeVisible();
  if (kind === 'rank') await sheet.getByRole('radio', { name: target }).check();
  await shot(page, `report-${kind}`);
  await expectAccessible(page, `the report sheet (${kind})`);
  await sheet.getByRole('button', { name: 'Spam or off-task' }).click();
  await expect(sheet).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Reported. Thank you.' })).toBeVisible();
}

/** Answers the task on screen; true when it sent a reply identical to a sibling's (to see it refused). */
async function answer(page: Page, kind: Kind, shot: Shot): Promise<boolean> {
  const submit = page.getByRole('button', { name: 'Submit' });
  if (kind === 'WRITE_PROMPT' || kind === 'REPLY') {
    const asUser = await page.getByRole('heading', { name: /as the user/ }).isVisible();
    const name = kind === 'WRITE_PROMPT' ? 'write-prompt' : asUser ? 'reply-user' : 'reply-assistant';
    const conversation = kind === 'REPLY' ? await page.getByRole('group', { name: 'Conversation' }).innerText() : '';
    await expect(submit).toBeDisabled(); // empty: nothing to send
    const sibling = repliesByConversation.get(conversation);
    if (kind === 'REPLY' && sibling && refusals.length === 0) {
      await page.getByRole('textbox').fill(` ${sibling.toUpperCase()} `);
      await submit.click();
      return true;
    }
    written++;
    const text =
      kind === 'WRITE_PROMPT'
        ? `How do I keep basil alive on a windowsill? (e2e ${written})`
        : asUser
          ? `Thanks, that helps. Could you give me a short example to start with? (e2e ${written})`
          : `Start with the basics: say what you need, compare two or three options, and check the costs before you decide. (e2e ${written})`;
    if (kind === 'REPLY') await reportOnce(page, 'reply', 'The message you are replying to', shot);
    await page.getByRole('textbox').fill(text);
    await shot(page, name);
    if (kind === 'REPLY') repliesByConversation.set(conversation, text);
    await submit.click();
    return false;
  }
  if (kind === 'REVIEW') {
    await expect(page.getByTestId('message-under-review')).toBeVisible();
    await page.getByRole('button', { name: 'No, it fits' }).click();
    for (const label of ['Quality', 'Helpfulness']) await page.getByRole('button', { name: `${label}: Mostly` }).click();
    await shot(page, 'review');
    await submit.click();
    return false;
  }
  // RANK: tap the replies best to worst.
  const rank = page.getByRole('button', { name: /^Rank #\d/ });
  await expect(rank.first()).toBeVisible();
  await reportOnce(page, 'rank', 'Response A', shot);
  await shot(page, 'rank');
  while ((await rank.count()) > 0) await rank.first().click();
  await submit.click();
  return false;
}
