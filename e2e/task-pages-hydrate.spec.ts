import { expect, test } from '@playwright/test';
import { signInAsNewWorker, startProject } from './worker-helpers';

// A task link opened directly (a reload, a shared URL, a tab restored) is rendered on the server and hydrated. A
// mismatch there (React error #418) throws the server's HTML away and renders the task again on a slow phone; a
// phone whose clock is minutes off the server's caused one, through the lease countdown.
const projects = [
  'Which answer is more helpful?',
  'Rank the assistant’s answers',
  'Rate this answer',
  'Write a helpful answer',
  'What’s wrong with this answer?',
  'What is the user asking for?',
];

for (const title of projects) {
  test(`a task of "${title}" opened directly hydrates without errors, whatever the phone's clock says`, async ({ page }) => {
    await signInAsNewWorker(page);
    const url = await startProject(page, title);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const countdown = page.getByTestId('lease-countdown');
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await expect(countdown).toHaveText(/^[1-9]\d*:\d\d left$/);

    await page.clock.install({ time: Date.now() + 20 * 60_000 }); // the phone's clock 20 minutes ahead
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await expect(countdown).toHaveText(/^[1-9]\d*:\d\d left$/);
    expect(errors).toEqual([]);
  });
}
