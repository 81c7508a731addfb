import { expect, test, type Locator } from '@playwright/test';
import { signInAsNewWorker, startProject } from './worker-helpers';

// WCAG 2.5.5 and both phone platforms' guidelines: a control a thumb taps is at least 44 CSS px high.
const MIN_TAP_PX = 44;

async function expectTappable(control: Locator) {
  const box = await control.boundingBox();
  expect(box, 'the control is on screen').not.toBeNull();
  expect(box!.height).toBeGreaterThanOrEqual(MIN_TAP_PX);
}

test('the controls a worker taps between tasks are at least 44 px high', async ({ page }) => {
  await signInAsNewWorker(page);
  await expectTappable(page.getByRole('button', { name: 'Sign out' }));
  for (const language of ['English', 'Español']) await expectTappable(page.getByRole('button', { name: language }));
  await startProject(page, 'Rate this answer');
  await expectTappable(page.getByRole('button', { name: 'Skip' }));
});
