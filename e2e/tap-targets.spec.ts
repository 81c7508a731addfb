import { expect, test } from '@playwright/test';
import { demoProjectTitles, openInstructions } from './a11y-pages';
import { expectTappable } from './tap-target-helpers';
import { signInAsNewWorker, startProject } from './worker-helpers';

// Every control on a worker's pages is at least 44 × 44 px (tap-target-helpers says what counts): the project
// list, a task of each type with its instructions open and its sheets, earnings, withdraw and settings, and sign-in.

test('every control a worker taps is at least 44 × 44 px', async ({ page }) => {
  test.setTimeout(120_000);
  for (const path of ['/', '/login']) {
    await page.goto(path);
    await expectTappable(page, path);
  }
  await signInAsNewWorker(page);
  await expectTappable(page, '/tasks');
  for (const title of demoProjectTitles) {
    await startProject(page, title);
    await expectTappable(page, `task: ${title}`);
    await openInstructions(page);
    await expectTappable(page, `task: ${title}, instructions open`);
    const skip = page.getByRole('button', { name: 'Skip' });
    if (await skip.isVisible()) {
      await skip.click();
      await expectTappable(page, `task: ${title}, skip sheet`, { scope: '[role="dialog"]' });
      await page.getByRole('button', { name: 'Cancel' }).click();
    }
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectTappable(page, `task: ${title}, help sheet`, { scope: '[role="dialog"]' });
    await page.getByRole('button', { name: 'Close' }).click();
  }
  for (const path of ['/earnings', '/withdraw', '/settings']) {
    await page.goto(path);
    await expectTappable(page, path);
  }
});
