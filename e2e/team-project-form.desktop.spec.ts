import { expect, test } from '@playwright/test';
import { signInWithDemoButton } from './helpers';

// Issue 17: a new ML team's form mistakes get messages written for people, in the form's own units, and the page
// brings the first one into view; an empty draft tells the truth about itself.

test('project form: human messages in the form units, focus on the first error, then a true empty state', async ({ page }) => {
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await page.getByRole('link', { name: 'New project' }).first().click();
  const title = `${'x'.repeat(80)}${Date.now().toString(36)}`; // no spaces: must wrap, not widen tables
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Instructions').fill('Pick the better answer.');
  await page.getByLabel('Reward (sats)').fill('0');
  await page.getByLabel('Gold ratio (%)').fill('99');
  await page.getByRole('button', { name: 'Create project' }).click();

  const reward = page.getByLabel('Reward (sats)');
  await expect(page.getByText('The reward must be at least 1 sats.')).toBeVisible();
  await expect(page.getByText('The gold ratio can be at most 50 %.')).toBeVisible();
  await expect(page.getByText(/Too small|Too big|expected number/)).toHaveCount(0);
  // The first field with an error (in page order) has focus and is on screen.
  await expect(reward).toBeFocused();
  await expect(reward).toBeInViewport();

  await reward.fill('5');
  await page.getByLabel('Gold ratio (%)').fill('10');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('stat-eta')).toHaveText('No items yet');
  await expect(page.getByTestId('gold-missing-warning')).toBeVisible();

  // The long title wraps in the projects table: the table is no wider than its container.
  await page.goto('/team');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
  const table = page.getByRole('table').filter({ has: row });
  const [tableWidth, boxWidth] = await table.evaluate((el) => [el.scrollWidth, el.parentElement!.clientWidth]);
  expect(tableWidth).toBeLessThanOrEqual(boxWidth);

  // Funding: the minimum is visible text, not a tooltip.
  await row.getByRole('link', { name: title }).click();
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Fund' }).click();
  await expect(page.getByTestId('deposit-limits')).toContainText('Minimum 1,000 sats');
});
