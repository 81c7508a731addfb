import { expect, test } from '@playwright/test';
import { signInWithDemoButton } from './helpers';
import { expectTappable } from './tap-target-helpers';

// The team's forms are used with a mouse, but on a laptop's touch screen too: every radio and checkbox has a
// clickable area (its label, or the card the label covers) of at least 44 × 44 px.
const choices = { scope: 'main', selector: 'input[type="radio"], input[type="checkbox"]' };

test('the radios and checkboxes of the team forms have a 44 px clickable area', async ({ page }) => {
  test.setTimeout(90_000);
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  const project = await page.locator('main a[href^="/team/projects/0"]').first().getAttribute('href');
  await page.goto('/team/projects/new', { waitUntil: 'networkidle' });
  // Each task type shows its own options (checkboxes among them).
  for (const type of await page.locator('input[name="taskType"]').all()) {
    await type.evaluate((radio: HTMLInputElement) => radio.click()); // (under the sticky header, a pointer click can miss)
    await expect(type).toBeChecked();
    await expectTappable(page, `/team/projects/new, ${await type.getAttribute('value')}`, choices);
  }
  for (const path of ['/team/api', '/team/webhooks', `${project}/settings`, `${project}/upload`, `${project}/exports`]) {
    await page.goto(path, { waitUntil: 'networkidle' });
    await expectTappable(page, path, choices);
  }
});
