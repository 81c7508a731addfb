import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readParquetIndependently } from '../lib/exports/parquet/test-reader';
import { screenshotPath, signInWithDemoButton } from './helpers';
import { expectNextTask, signInAsNewWorker, startProject } from './worker-helpers';

// The ML team's whole path on a desktop: create a pairwise project, upload a file with one bad line (and fix it),
// publish, fund it with the wallet simulator, watch workers' judgments arrive, and download a DPO export. Then a
// classification project's aggregated export with MACE and the data's language, both named by the dataset card.

const title = `Pick the correct answer ${Date.now().toString(36)}`;
const items = [
  { id: 'q1', prompt: 'What is 2 + 2?', right: 'Right: 2 + 2 = 4.', wrong: 'Wrong: 2 + 2 = 5.' },
  { id: 'q2', prompt: 'What is the capital of France?', right: 'Right: Paris.', wrong: 'Wrong: Lyon.' },
  { id: 'q3', prompt: 'How many legs does a spider have?', right: 'Right: eight.', wrong: 'Wrong: six.' },
];
const line = (item: (typeof items)[number], responses = [item.right, item.wrong]) => JSON.stringify({ id: item.id, prompt: item.prompt, responses });
// Line 2 has a single response: a pairwise item needs exactly two.
const badFile = [line(items[0]!), line(items[1]!, [items[1]!.right]), line(items[2]!)].join('\n') + '\n';
const goodFile = items.map((item) => line(item)).join('\n') + '\n';
const judgmentsPerItem = 2;

/** Full-page shots from the top, so the sticky header is drawn once, where it belongs. */
async function fullPageShot(page: Page, name: string, project: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath(name, project), fullPage: true });
}

async function uploadFile(page: Page, name: string, content: string) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(content) });
}

/** A worker on a phone answers every task of the project, always picking the right answer, wherever it is shown. */
async function workerAnswersAll(browser: Browser, count: number) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInAsNewWorker(page);
  let url = await startProject(page, title);
  for (let answered = 0; answered < count; answered += 1) {
    const shown = (await page.getByRole('group', { name: 'Responses' }).textContent()) ?? '';
    const rightFirst = shown.indexOf('Right:') < shown.indexOf('Wrong:');
    // With no strength, criteria or rationale configured, the tap itself submits.
    await page.getByRole('button', { name: rightFirst ? /^A is better/ : /^B is better/ }).click();
    if (answered < count - 1) url = await expectNextTask(page, url);
  }
  // The last answer has no task behind it: the server's reply says so once it has the answer.
  await expect(page.getByText(/done every task available in this project/)).toBeVisible({ timeout: 15_000 });
  await context.close();
}

test('a team builds a preference dataset from upload to DPO export', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');

  // Create the project.
  await page.getByRole('link', { name: 'New project' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('radio', { name: 'Compare two answers' }).check();
  await page.getByLabel('Instructions').fill('Pick the **correct** answer.');
  await expect(page.getByTestId('instructions-preview').locator('strong')).toHaveText('correct');
  await page.getByLabel('Reward (sats)').fill('10');
  await page.getByLabel('Judgments per item').fill(String(judgmentsPerItem));
  await page.getByLabel('Minimum seconds').fill('0');
  await page.getByLabel('Auto-approve after (hours)').fill('0');
  await fullPageShot(page, 'team-new-project', info.project.name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();
  const tabs = page.getByRole('navigation', { name: 'Project' });

  // Upload with one bad line: nothing is imported and line 2 is named.
  await tabs.getByRole('link', { name: 'Upload' }).click();
  await uploadFile(page, 'items.jsonl', badFile);
  const errors = page.getByTestId('batch-errors');
  await expect(errors).toBeVisible({ timeout: 20_000 });
  await expect(errors.getByRole('row').nth(1)).toContainText('2');
  await expect(page.getByRole('button', { name: 'Import the good lines' })).toBeVisible();
  await fullPageShot(page, 'team-upload-error', info.project.name);
  // The fixed file goes in whole.
  await uploadFile(page, 'items-fixed.jsonl', goodFile);
  await expect(page.getByTestId('batch-result')).toContainText(/3 (items )?imported/i, { timeout: 20_000 });

  // Fund it with the wallet simulator, then publish.
  await tabs.getByRole('link', { name: 'Fund' }).click();
  await page.getByLabel('Amount (sats)').fill('1000');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await page.getByRole('button', { name: 'Pay with the demo wallet' }).click();
  await expect(page.getByTestId('deposit-status')).toHaveText('Paid — escrow credited with 1,000 sats', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-status', 'ACTIVE');

  // Two workers each answer all three items.
  for (let w = 0; w < judgmentsPerItem; w += 1) await workerAnswersAll(browser, items.length);

  // The dashboard shows the judgments.
  await page.goto(projectUrl);
  await expect
    .poll(async () => {
      await page.reload();
      return (await page.getByTestId('stat-judgments-approved').textContent())?.replace(/\D/g, '');
    }, { timeout: 30_000 })
    .toBe(String(items.length * judgmentsPerItem));
  // Position bias over the six decisive answers (the workers pick the right answer wherever it is shown).
  await expect(page.getByTestId('position-bias')).toContainText(`of ${items.length * judgmentsPerItem} decisive answers`);
  await fullPageShot(page, 'team-dashboard', info.project.name);

  // One item's page: its content and every worker's answer (pseudonymous worker, status), linked from Items.
  await tabs.getByRole('link', { name: 'Items' }).click();
  await page.getByRole('link', { name: 'Item q1: content and answers' }).click();
  const detail = page.getByTestId('item-detail');
  await expect(detail).toContainText(items[0]!.prompt);
  const answers = page.getByTestId('item-judgments').getByRole('row');
  await expect(answers).toHaveCount(1 + judgmentsPerItem);
  await expect(answers.nth(1)).toContainText('approved');
  await expect(answers.nth(1)).toContainText('"choice"');
  await page.goto(projectUrl);

  // A DPO export, downloaded and checked line by line.
  await tabs.getByRole('link', { name: 'Exports' }).click();
  await page.getByLabel('Format').selectOption('OPENAI_DPO');
  await page.getByRole('button', { name: 'Create export' }).click();
  const link = page.getByTestId('export-download-all').first();
  await expect(link).toBeVisible({ timeout: 60_000 });
  await fullPageShot(page, 'team-exports', info.project.name);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const expected = items.map((item) => ({
    input: { messages: [{ role: 'user', content: item.prompt }] },
    preferred_output: [{ role: 'assistant', content: item.right }],
    non_preferred_output: [{ role: 'assistant', content: item.wrong }],
  }));
  const byPrompt = (a: { input: { messages: { content: string }[] } }) => a.input.messages[0]!.content;
  expect(lines.sort((a, b) => byPrompt(a).localeCompare(byPrompt(b)))).toEqual(expected.sort((a, b) => byPrompt(a).localeCompare(byPrompt(b))));

  // The same rows as Parquet, read back by a reader independent of the writer (arrow-rs via parquet-wasm).
  await page.getByLabel('File', { exact: true }).selectOption('parquet');
  await page.getByRole('button', { name: 'Create export' }).click();
  const parquetLink = page.getByTestId('export-row').filter({ has: page.getByTestId('export-container') }).getByTestId('export-download-all');
  await expect(parquetLink).toBeVisible({ timeout: 60_000 });
  const [parquetDownload] = await Promise.all([page.waitForEvent('download'), parquetLink.click()]);
  expect(parquetDownload.suggestedFilename()).toMatch(/-openai-dpo-all\.parquet$/);
  const parquetRows = readParquetIndependently(new Uint8Array(readFileSync(await parquetDownload.path()))).rows as typeof lines;
  expect(parquetRows.sort((a, b) => byPrompt(a).localeCompare(byPrompt(b)))).toEqual(lines);
});

test('a classification export aggregates with the chosen method and names its language on the card', async ({ page }) => {
  test.setTimeout(120_000);
  await signInWithDemoButton(page, 'ML team');
  await page.waitForURL('**/team');
  await page.getByRole('link', { name: 'New project' }).first().click();
  await page.getByLabel('Title').fill(`Sentiment ${Date.now().toString(36)}`);
  // The radio sits under the sticky header at the top of the form: its label (which covers the card) takes the click.
  await page.locator('label[for="task-type-CLASSIFICATION"]').click();
  await expect(page.getByRole('radio', { name: 'Classification' })).toBeChecked();
  await page.getByLabel('Instructions').fill('Pick the sentiment.');
  await page.getByLabel('Reward (sats)').fill('10');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Exports' }).click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create export' }) });
  const language = form.getByLabel('Language', { exact: true });

  // The method is offered for the aggregated formats only, Dawid-Skene first, each with its line of help.
  await form.getByLabel('Format').selectOption('RAW_JSONL');
  await expect(form.getByLabel('Aggregation method')).toHaveCount(0);
  await form.getByLabel('Format').selectOption('AGGREGATED_JSONL');
  const method = form.getByLabel('Aggregation method');
  await expect(method).toHaveValue('dawid_skene');
  await method.selectOption('mace');
  await expect(page.getByText(/answering in earnest or at random/)).toBeVisible();
  await expect(language).toHaveValue('en');

  // A bad language is refused by the server's zod schema, beside the field.
  await language.fill('english');
  await page.getByRole('button', { name: 'Create export' }).click();
  await expect(language).toHaveAttribute('aria-invalid', 'true');
  await expect(language).toHaveAccessibleDescription(/must be an ISO 639 code/);
  await expect(page.getByTestId('export-row')).toHaveCount(0);

  await language.fill('fr');
  await page.getByRole('button', { name: 'Create export' }).click();
  const cardLink = page.getByTestId('export-card').first();
  await expect(cardLink).toBeVisible({ timeout: 60_000 });
  const card = await (await page.request.get((await cardLink.getAttribute('href'))!)).text();
  expect(card).toContain('language:\n- "fr"');
  expect(card).toContain('| Language | fr |');
  expect(card).toContain('Aggregated labels: MACE (Hovy et al. 2013), one model fitted on the whole exported project');
});

