import { expect, test } from '@playwright/test';
import { expectAccessible } from './a11y-helpers';
import { screenshotPath, signInWithDemoButton } from './helpers';

// The ML team seeds its tree project from a file on a desktop: one line of the file is bad and is reported with its
// line number, the good prompts each start a tree, a second upload of the file changes nothing, a model reply file
// adds a marked reply, and a gold review file (one bad line) adds a gold review the exam can ask. The Trees tab lists
// the trees with their state and why, filters by state, and a tree's page shows its conversation with who wrote each
// message and what is still open. Every page passes axe.

const PROJECT = 'Grow a conversation';
const tag = Date.now().toString(36);
const seedFile = [
  JSON.stringify({ prompt: `How do hummingbirds hover? (${tag})`, externalId: `e2e-${tag}-1` }),
  JSON.stringify({ prompt: '   ', externalId: `e2e-${tag}-2` }),
  JSON.stringify({ prompt: `What makes bread rise? (${tag})`, externalId: `e2e-${tag}-3` }),
].join('\n');
const goldFile = [
  JSON.stringify({ conversation: [{ role: 'user', content: `FREE CRYPTO at coins.example, act now (${tag})` }], spam: true }),
  JSON.stringify({ conversation: [{ role: 'assistant', content: 'I speak first.' }], spam: false }),
].join('\n');
const modelReplyFile = `${JSON.stringify({ treeExternalId: `e2e-${tag}-1`, parentMessageId: 'prompt', modelName: 'e2e-model-7b', text: 'By beating **their wings** about fifty times a second.' })}\n`;

test('the team uploads seed prompts with a bad line, then follows its trees', async ({ page }, info) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await page.getByRole('link', { name: PROJECT }).first().click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  const base = new URL(page.url()).pathname;

  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Upload' }).click();
  await expect(page.getByRole('heading', { name: 'Seed prompts' })).toBeVisible();
  await expectAccessible(page, `${base}/upload (tree project)`);
  await page.getByTestId('tree-upload-seeds').setInputFiles({ name: 'seeds.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(seedFile) });
  const result = page.getByTestId('tree-upload-result-seeds');
  await expect(result.getByRole('status')).toHaveText('2 trees started · 0 duplicates skipped · 1 error');
  const problems = result.getByRole('region', { name: 'Problems in the seed file' });
  await expect(problems.getByRole('row').nth(1)).toHaveText(/^2\s*prompt: empty$/);
  await expectAccessible(page, `${base}/upload with a seed file's errors`);
  await page.screenshot({ path: screenshotPath('team-tree-seeds', info.project.name), fullPage: true });

  // The same file again: every good prompt is already there.
  await page.getByTestId('tree-upload-seeds').setInputFiles({ name: 'seeds.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(seedFile) });
  await expect(result.getByRole('status')).toHaveText('0 trees started · 2 duplicates skipped · 1 error');

  await page.getByTestId('tree-upload-model-replies').setInputFiles({ name: 'replies.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(modelReplyFile) });
  await expect(page.getByTestId('tree-upload-result-model-replies').getByRole('status')).toHaveText('1 model reply added · 0 already there · 0 errors');

  const goldCount = async () => Number((await page.getByTestId('gold-review-count').innerText()).match(/has ([\d,]+) gold review/)![1].replace(',', ''));
  const goldBefore = await goldCount();
  await page.getByTestId('tree-upload-gold-reviews').setInputFiles({ name: 'gold.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(goldFile) });
  const goldResult = page.getByTestId('tree-upload-result-gold-reviews');
  await expect(goldResult.getByRole('status')).toHaveText('1 gold review added · 0 duplicates skipped · 1 error');
  await expect(goldResult.getByRole('region', { name: 'Problems in the gold review file' }).getByRole('row').nth(1)).toHaveText(/^2\s*conversation\.0\.role: expected "user"/);
  await expect.poll(goldCount).toBe(goldBefore + 1);

  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Trees' }).click();
  await page.waitForURL(`**${base}/trees`);
  const table = page.getByRole('region', { name: 'Trees' });
  await expect(table.getByRole('link', { name: `Tree e2e-${tag}-1: its conversation` })).toBeVisible();
  await expectAccessible(page, `${base}/trees`);
  await page.getByRole('navigation', { name: 'Tree state' }).getByRole('link', { name: /^growing/ }).click();
  await page.waitForURL(`**${base}/trees?state=GROWING`);
  await expect(table.getByTestId('tree-state').first()).toHaveAttribute('data-state', 'GROWING');
  await expect(table.getByTestId('tree-state').filter({ hasNotText: 'Growing' })).toHaveCount(0);

  await table.getByRole('link', { name: `Tree e2e-${tag}-1: its conversation` }).click();
  await page.waitForURL(`**${base}/trees/*`);
  await expect(page.getByRole('heading', { name: `Tree e2e-${tag}-1` })).toBeVisible();
  await expect(page.getByTestId('tree-state')).toHaveText('Growing');
  const prompt = page.getByRole('article', { name: 'User message at depth 0' });
  await expect(prompt).toContainText(`How do hummingbirds hover? (${tag})`);
  await expect(prompt).toContainText('team seed');
  await expect(prompt).toContainText(/Open: replies to write: 0 of \d+ done/);
  const modelReply = page.getByRole('article', { name: 'Assistant message at depth 1' });
  await expect(modelReply).toContainText('model: e2e-model-7b');
  // The model's markdown is rendered, sanitized: bold, not asterisks.
  await expect(modelReply.locator('strong')).toHaveText('their wings');
  await expectAccessible(page, `${base}/trees/[treeId]`);
  await page.screenshot({ path: screenshotPath('team-tree', info.project.name), fullPage: true });
  expect(errors).toEqual([]);
});
