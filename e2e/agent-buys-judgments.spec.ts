import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { screenshotPath } from './helpers';
import { signInAsNewWorker, startProject } from './worker-helpers';

// An AI agent buys a judgment over L402 with nothing but HTTP and a wallet, exactly as docs/agents.md walks it
// with curl: 402, `npm run wallet -- pay`, retry with the token. A worker on a phone then sees the job like any
// other project and answers it, and the agent reads the aggregated answer.

const run = promisify(execFile);

/** The wallet simulator from a terminal; it finds the app's database through .data/runtime.json as a user's would. */
async function payWithWalletSimulator(bolt11: string): Promise<string> {
  const { databaseUrl } = JSON.parse(readFileSync('.data/runtime.json', 'utf8')) as { databaseUrl: string };
  const { stdout } = await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/wallet.ts', 'pay', bolt11], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const preimage = /Preimage ([0-9a-f]{64})/.exec(stdout)?.[1];
  expect(preimage, stdout).toBeTruthy();
  return preimage!;
}

test('an agent pays a 402, a worker on a phone answers its job, and the agent reads the result', async ({ page, request }, info) => {
  const title = `Agent: is this review positive? (${info.project.name})`;
  const job = {
    title,
    taskType: 'CLASSIFICATION',
    instructions: 'Read the review. Is it **positive** or **negative**?',
    typeConfig: { labels: ['positive', 'negative'] },
    items: [{ id: 'review-1', text: 'Arrived a day early and works perfectly.' }],
    judgmentsPerItem: 1,
    rewardSats: 21,
    refundTo: { type: 'lightning_address', address: 'refunds@agent.example' },
  };

  const challenge = await request.post('/api/agent/v1/jobs', { data: job });
  expect(challenge.status()).toBe(402);
  expect(challenge.headers()['www-authenticate']).toMatch(/^L402 macaroon="[A-Za-z0-9+/=]+", invoice="lnbcrt[0-9a-z]+"$/);
  const { macaroon, invoice, priceMsats } = await challenge.json();
  expect(priceMsats).toBe('23000'); // 21 sats + 5 % fee = 22.05 sats, rounded up to whole sats
  const authorization = `L402 ${macaroon}:${await payWithWalletSimulator(invoice)}`;

  const created = await request.post('/api/agent/v1/jobs', { data: job, headers: { authorization } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  await signInAsNewWorker(page);
  await expect(page.locator('li', { hasText: title })).toContainText('21');
  await startProject(page, title);
  await expect(page.getByText('Arrived a day early and works perfectly.')).toBeVisible();
  await page.screenshot({ path: screenshotPath('agent-task', info.project.name) });
  await page.getByRole('button', { name: /^positive/ }).click();
  // One answer was all the job needed.
  await expect(page.getByRole('alert').filter({ hasText: /done every task available in this project/ })).toBeVisible();

  const results = await request.get(`/api/agent/v1/jobs/${id}/results?wait=20`, { headers: { authorization }, timeout: 30_000 });
  expect(results.status()).toBe(200);
  const body = await results.json();
  expect(body.isComplete).toBe(true);
  expect(body.job).toMatchObject({ status: 'DONE', judgmentsDone: 1, spentMsats: '22050' });
  expect(body.items).toEqual([expect.objectContaining({ item_id: 'review-1', label: 'positive', n_judgments: 1 })]);
});
