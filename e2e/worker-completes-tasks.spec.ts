import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotPath } from './helpers';
import { countEarningRows, expectNextTask, intentGold, signInAsNewWorker, startProject } from './worker-helpers';

const shot = (page: Page, name: string, project: string) => page.screenshot({ path: screenshotPath(name, project) });

/** The element is on screen and nothing (such as the fixed answer bar) is drawn over its middle. */
async function expectUncovered(page: Page, locator: Locator) {
  await expect(locator).toBeInViewport({ ratio: 1 });
  const covered = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !(top && element.contains(top));
  });
  expect(covered, 'covered by another element').toBe(false);
}

test('pairwise: a double-tapped submit is recorded once, a skip moves on, and the next task appears', async ({ page }, info) => {
  await signInAsNewWorker(page);
  const first = await startProject(page, 'Which answer is more helpful?');
  await expect(page.getByText('Response A', { exact: true })).toBeVisible();
  await shot(page, 'task-pairwise', info.project.name);
  await page.getByRole('button', { name: /^A is better/ }).click();
  await page.getByRole('button', { name: 'Much better' }).click();
  for (const criterion of ['helpful', 'honest', 'harmless']) {
    await page.getByRole('group', { name: criterion }).getByRole('button', { name: 'A', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Submit' }).dblclick();
  const second = await expectNextTask(page, first);

  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByRole('button', { name: 'Too hard for me' }).click();
  await expectNextTask(page, second);

  expect(await countEarningRows(page, 'Which answer is more helpful?')).toBe(1);
});

test('ranking: tap the answers best to worst', async ({ page }, info) => {
  await signInAsNewWorker(page);
  const first = await startProject(page, 'Rank the assistant’s answers');
  await shot(page, 'task-ranking', info.project.name);
  const next = page.getByRole('button', { name: /^Rank #\d/ });
  while ((await next.count()) > 0) await next.first().click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);
});

test('rating: score each criterion, then submit', async ({ page }, info) => {
  await signInAsNewWorker(page);
  const first = await startProject(page, 'Rate this answer');
  await shot(page, 'task-rating', info.project.name);
  for (const criterion of ['helpfulness', 'accuracy', 'clarity']) {
    await page.getByRole('group', { name: new RegExp(criterion, 'i') }).getByRole('button', { name: '4 out of 5' }).click();
  }
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);
});

test('writing: a live character count, then submit', async ({ page }, info) => {
  await signInAsNewWorker(page);
  const first = await startProject(page, 'Write a helpful answer');
  // The requester's guidelines are markdown, rendered on the server like the instructions.
  await expect(page.locator('details strong', { hasText: 'accurate' })).toBeVisible();
  const editor = page.getByRole('textbox');
  await editor.fill('Start with the basics, check what you already know, and ask a friend who has done it before.');
  await expect(page.getByText(/\/ 4,000/)).toBeVisible();
  await shot(page, 'task-writing', info.project.name);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);
});

test('multi-label: tick every problem that applies', async ({ page }, info) => {
  await signInAsNewWorker(page);
  const first = await startProject(page, 'What’s wrong with this answer?');
  await page.getByRole('button', { name: /^Too long/ }).click();
  await page.getByRole('button', { name: /^Off-topic/ }).click();
  await shot(page, 'task-multi-label', info.project.name);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expectNextTask(page, first);
});

test('classification: pass the onboarding exam, then label real items, and an offline answer is delivered on reconnect', async ({ page, context }, info) => {
  await signInAsNewWorker(page);
  let current = await startProject(page, 'What is the user asking for?');
  for (let question = 1; question <= 2; question++) {
    await expect(page.getByText(`Qualification question ${question} of 2`)).toBeVisible();
    const main = await page.locator('main').innerText();
    const label = Object.entries(intentGold).find(([text]) => main.includes(text))?.[1];
    expect(label, 'the exam shows a gold item').toBeTruthy();
    if (question === 1) await shot(page, 'task-classification', info.project.name);
    await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
    if (question === 1) current = await expectNextTask(page, current);
  }
  await expect(page.getByTestId('exam-result')).toContainText('You passed');
  await page.getByRole('button', { name: 'Continue' }).click();
  current = await expectNextTask(page, current);

  // Offline, the next task (leased ahead) still comes up at once; the answer waits on the phone until the
  // connection is back, then is sent, and a new task is leased ahead. A second answer with no task behind it
  // waits too, saying so (not "Sending…"), and the note stays in sight above the answer bar.
  await page.waitForLoadState('networkidle');
  await context.setOffline(true);
  await page.getByRole('button', { name: /^Other/ }).click();
  const note = page.getByTestId('offline-note');
  await expect(note).toContainText(/You're offline/);
  current = await expectNextTask(page, current);
  await expectUncovered(page, note);
  await page.getByRole('button', { name: /^Other/ }).click();
  await expect(page.getByText('Saved · waiting for a connection')).toBeVisible();
  await expect(page.getByText('Sending…')).toBeHidden();
  await expectUncovered(page, note);
  await context.setOffline(false);
  await expectNextTask(page, current);
  await expect(note).toBeHidden();
  await expect(page.getByTestId('pending-sync')).toBeHidden();
  expect(await countEarningRows(page, 'What is the user asking for?')).toBe(4); // two exam answers + the two offline ones
});

test('a worker switches to Spanish and the choice is remembered', async ({ page }) => {
  await signInAsNewWorker(page);
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { name: 'Proyectos abiertos' })).toBeVisible();
  await expect(page.getByText(/^Calificación · /).first()).toBeVisible(); // task types are named in Spanish too
  await page.reload();
  await expect(page.getByRole('link', { name: /Ganancias/ })).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Pagos automáticos' })).toBeVisible();
  await expect(page.getByText(/llegue a [\d.]+ sats\./)).toBeVisible(); // the threshold in Spanish number style
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Entra con tu billetera Lightning' })).toBeVisible();
  await page.goto('/tasks');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Open projects' })).toBeVisible();
});
