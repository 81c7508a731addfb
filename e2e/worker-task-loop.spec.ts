import { expect, test, type Page, type Route } from '@playwright/test';
import { countEarningRows, intentGold, signInAsNewWorker, startProject } from './worker-helpers';

// The task loop leases the next task ahead: a tap shows it at once, while the answer is still on its way.

async function rateAll(page: Page) {
  for (const criterion of ['helpfulness', 'accuracy', 'clarity']) {
    await page.getByRole('group', { name: new RegExp(criterion, 'i') }).getByRole('button', { name: '4 out of 5' }).click();
  }
}

const shownTask = (page: Page) => page.locator('[data-assignment-id]').getAttribute('data-assignment-id');

/** Holds every server action posted from a task page until released, so a test sees what the phone shows meanwhile. */
async function holdTaskActions(page: Page) {
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/tasks\/[0-9a-f-]{36}$/, async (route) => {
    if (holding && route.request().method() === 'POST' && route.request().headers()['next-action']) held.push(route);
    else await route.continue();
  });
  return {
    count: () => held.length,
    release: async () => {
      holding = false;
      for (const route of held.splice(0)) await route.continue();
    },
    /** Lets later requests through; the held ones never reach the server (the page leaves them behind). */
    stop: () => {
      holding = false;
    },
  };
}

/** A new worker answers their first task while the answer is held back; the task leased ahead comes on screen. */
async function answerFirstWhileHeld(page: Page) {
  await signInAsNewWorker(page);
  await startProject(page, 'Rate this answer');
  const first = await shownTask(page);
  await page.waitForLoadState('networkidle');
  const hold = await holdTaskActions(page);
  await rateAll(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => shownTask(page)).not.toBe(first);
  return { first, second: await shownTask(page), hold };
}

test('the next task is on screen before the answer reaches the server, with a full lease; the answer counts once', async ({ page }) => {
  // The task page leased the next task ahead and rendered it: nothing else is asked for before the tap.
  const { second, hold } = await answerFirstWhileHeld(page);
  // Shown while the answer is held back: another task, a fresh lease (10 minutes in the demo), no "Sending…".
  await expect(page).toHaveURL(new RegExp(`/tasks/${second}$`));
  await expect(page.getByTestId('lease-countdown')).toHaveText(/^(9|10):\d\d left$/);
  await expect(page.getByText('Sending…')).toBeHidden();
  expect(hold.count()).toBe(1);

  await hold.release();
  await page.waitForLoadState('networkidle');
  expect(await shownTask(page)).toBe(second);

  // And it goes on: the next answer shows the task leased ahead by the first answer's reply.
  await rateAll(page);
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && /\/tasks\//.test(response.url()));
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => shownTask(page)).not.toBe(second);
  await answered;
  expect(await countEarningRows(page, 'Rate this answer')).toBe(2);
});

test('a reload keeps the task on screen and the one leased behind it', async ({ page }) => {
  await signInAsNewWorker(page);
  await startProject(page, 'Rate this answer');
  const first = await shownTask(page);
  await page.reload();
  expect(await shownTask(page)).toBe(first);
  await page.waitForLoadState('networkidle');
  const hold = await holdTaskActions(page);
  await rateAll(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => shownTask(page)).not.toBe(first);
  await hold.release();
});

test('a reload after an answer was lost never shows the answered task again; the kept answer counts once', async ({ page }) => {
  const { first, second, hold } = await answerFirstWhileHeld(page);
  hold.stop();

  // Reloaded before the answer arrived: the server still holds the first task's lease ACTIVE and leases it behind the
  // second. The phone kept the answer, so it drops that task and sends the answer before leasing another.
  await page.reload();
  expect(await shownTask(page)).toBe(second);
  await page.waitForLoadState('networkidle');
  await rateAll(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => shownTask(page)).not.toBe(second);
  expect(await shownTask(page)).not.toBe(first);
  await page.waitForLoadState('networkidle');
  expect(await countEarningRows(page, 'Rate this answer')).toBe(2);
});

test('opening a task whose answer is still kept on the phone sends it and moves on', async ({ page }) => {
  const { first, hold } = await answerFirstWhileHeld(page);
  hold.stop();

  // Opened again before its answer arrived: the server shows it (its lease is still ACTIVE); the phone answers it
  // with the kept answer, which brings the next task.
  await page.goto(`/tasks/${first}`);
  await expect.poll(() => shownTask(page)).not.toBe(first);
  await page.waitForLoadState('networkidle');
  expect(await countEarningRows(page, 'Rate this answer')).toBe(1);
});

test('classification: one tap answers and shows the next task; a double tap answers one task only', async ({ page }) => {
  await signInAsNewWorker(page);
  await startProject(page, 'What is the user asking for?');
  for (let question = 1; question <= 2; question++) {
    await expect(page.getByText(`Qualification question ${question} of 2`)).toBeVisible();
    const main = await page.locator('main').innerText();
    const label = Object.entries(intentGold).find(([text]) => main.includes(text))![1];
    await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  await page.waitForLoadState('networkidle');
  const first = await shownTask(page);
  await page.getByRole('button', { name: /^Other/ }).dblclick();
  await expect.poll(() => shownTask(page)).not.toBe(first);
  await page.waitForLoadState('networkidle');
  expect(await countEarningRows(page, 'What is the user asking for?')).toBe(3); // two exam answers + one label
});
