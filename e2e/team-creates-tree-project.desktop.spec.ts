import { devices, expect, test } from '@playwright/test';
import { screenshotPath, signInWithDemoButton } from './helpers';
import { teamKey } from './hostile-helpers';
import { signInAsNewWorker } from './worker-helpers';

// Issue 18: an ML team makes a conversation-tree project in the project form (no API, no seed), funds it, publishes
// it, and a worker on a phone finds it labelled "Conversation tree" with a "write a prompt" task waiting. The team
// can then grow more trees from the settings page, whose shape settings are fixed now that trees exist.

test('a team creates, funds and publishes a tree project; a worker on a phone gets a "write a prompt" task', async ({ page, browser }) => {
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await page.getByRole('link', { name: 'New project' }).first().click();
  const title = `Grow conversations ${Date.now().toString(36)}`;
  await page.getByLabel('Title').fill(title);
  // By keyboard, as in any radio group: from the card before it, the arrow key moves to it and picks it.
  await page.getByRole('radio', { name: 'Write or rewrite' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Conversation tree' })).toBeChecked();
  await page.getByLabel('Instructions').fill('Write in your own words; never copy from an AI.');
  // The tree's own settings replace the reward and overlap fields; gold starts off (no gold reviews yet).
  await expect(page.getByLabel('Reward (sats)')).toHaveCount(0);
  await expect(page.getByLabel('Gold ratio (%)')).toHaveValue('0');
  await expect(page.getByTestId('worker-preview')).toContainText('Write a prompt');

  await page.getByLabel('Trees to grow').fill('2');
  await page.screenshot({ path: screenshotPath('team-new-tree-project', test.info().project.name), fullPage: true });
  await page.getByLabel('Maximum depth').fill('0');
  await page.getByLabel('A reply').fill('7');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('The maximum depth must be at least 1.')).toBeVisible();
  await expect(page.getByLabel('Maximum depth')).toBeFocused();
  await page.getByLabel('Maximum depth').fill('2');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();
  await expect(page.getByTestId('project-title')).toHaveText(title);
  await expect(page.getByText(/Conversation tree ·/)).toBeVisible();

  // Funded through the ordinary Lightning flow (the demo wallet pays the invoice).
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Fund' }).click();
  await page.getByLabel('Amount (sats)').fill('1000');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await page.getByRole('button', { name: 'Pay with the demo wallet' }).click();
  await expect(page.getByTestId('deposit-status')).toHaveText('Paid — escrow credited with 1,000 sats', { timeout: 20_000 });

  await page.goto(projectUrl);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();

  // The team's project list says what it is.
  await page.goto('/team');
  await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) })).toContainText('Conversation tree');

  // A worker on a phone.
  const phone = await browser.newContext({ ...devices['Pixel 7'] });
  const worker = await phone.newPage();
  await signInAsNewWorker(worker);
  const card = worker.locator('li', { hasText: title });
  await expect(card).toContainText('Conversation tree');
  await card.getByRole('button', { name: 'Start' }).click();
  await worker.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(worker.getByRole('heading', { name: /Write a prompt/ })).toBeVisible();
  await phone.close();

  // Trees exist: their shape is fixed, but more trees can be grown.
  await page.goto(`${projectUrl}/settings`);
  await expect(page.getByLabel('Maximum depth')).toBeDisabled();
  await expect(page.getByLabel('Replies per message')).toBeDisabled();
  await page.getByLabel('Trees to grow').fill('3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  // The team API reads the same project: 3 trees growing now, rewards per kind as typed, the largest as its reward.
  const projectId = projectUrl.split('/').pop()!;
  const read = await page.request.get(`/api/v1/projects/${projectId}`, { headers: { authorization: `Bearer ${teamKey}` } });
  expect(await read.json()).toMatchObject({ status: 'ACTIVE', taskType: 'WRITING', rewardSats: 7, trees: { GROWING: 3 }, treeConfig: { maxDepth: 2, treesToStart: 3, rewardsSats: { REPLY: 7 } } });
});
