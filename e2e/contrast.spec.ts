import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInAsNewWorker, startProject } from './worker-helpers';

// Text a worker must read, on the pages they use, passes WCAG AA contrast (axe's color-contrast rule). White on
// the brand orange #f79009 was 2.3:1 on every primary button, and the logo's #dc6803 on white 3.5:1.
async function expectReadable(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  const found = violations.flatMap((violation) => violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
  expect(found, `contrast on ${where}`).toEqual([]);
}

test('the worker pages pass the color-contrast rule of axe', async ({ page }) => {
  await page.goto('/');
  await expectReadable(page, '/');
  await page.goto('/login');
  await expectReadable(page, '/login');
  await signInAsNewWorker(page);
  await expectReadable(page, '/tasks');
  await startProject(page, 'Rate this answer');
  await expectReadable(page, 'a task');
  for (const path of ['/earnings', '/withdraw']) {
    await page.goto(path);
    await expectReadable(page, path);
  }
});
