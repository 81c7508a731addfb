// Issue 8's "done means": an agent, with only the typed client and a wallet, buys judgments over real HTTP. It asks
// for a quote, sends the job, gets 402, pays the invoice from its own simulated node, retries, and reads the
// results once simulated workers have answered. Every msat it paid is accounted for: workers' balances, the
// platform fee, an empty escrow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient } from '@/lib/agent-client';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { accountKey, getLedgerSum } from '@/lib/ledger/accounts';
import { createAgentWallet, startAgentApi, workUntilDone } from './harness';

const LABELS = ['positive', 'negative', 'neutral'];
const REVIEWS = [
  { id: 'r1', text: 'Arrived on time, works perfectly.', truth: 'positive' },
  { id: 'r2', text: 'Broke after two days.', truth: 'negative' },
  { id: 'r3', text: 'It is a phone case.', truth: 'neutral' },
  { id: 'r4', text: 'Best purchase this year!', truth: 'positive' },
  { id: 'r5', text: 'Refund took a month. Never again.', truth: 'negative' },
  { id: 'r6', text: 'Blue, as described.', truth: 'neutral' },
];
const truthOf = new Map(REVIEWS.map((review) => [review.text, review.truth]));
const REWARD_SATS = 10;
const JUDGMENTS_PER_ITEM = 3;

let api: Awaited<ReturnType<typeof startAgentApi>>;
beforeAll(async () => {
  api = await startAgentApi();
});
afterAll(async () => {
  await api.close();
});

describe('an agent buys judgments over L402', () => {
  it('quotes, pays the 402, gets its job done by workers and reads aggregated results; every msat is accounted for', { timeout: 120_000 }, async () => {
    const wallet = createAgentWallet();
    const client = createAgentClient({ baseUrl: api.origin, payInvoice: wallet.payInvoice, maxPriceMsats: 1_000_000n });
    const request = {
      title: 'Sentiment of product reviews',
      taskType: 'CLASSIFICATION' as const,
      instructions: 'Is the review **positive**, **negative** or **neutral**?',
      typeConfig: { labels: LABELS },
      items: REVIEWS.map(({ id, text }) => ({ id, text })),
      judgmentsPerItem: JUDGMENTS_PER_ITEM,
      rewardSats: REWARD_SATS,
      refundTo: { type: 'lightning_address' as const, address: 'agent@wallet.example' },
    };

    // Price: 6 items × 3 judgments × (10 sats + 5 % fee) = 18 × 10,500 msats.
    const quote = await client.quote(request);
    expect(quote).toMatchObject({ priceMsats: 189_000n, judgments: 18 });
    const jobsBefore = await db.agentJob.count();
    expect(jobsBefore).toBe(0);

    const created = await client.createJob(request);
    expect(wallet.paid).toEqual([{ bolt11: expect.stringMatching(/^lnbcrt/), amountMsats: 189_000n }]);
    expect(created.paidMsats).toBe(189_000n);
    expect(created.token).not.toBeNull();
    expect(created.job).toMatchObject({ status: 'ACTIVE', taskType: 'CLASSIFICATION', itemsTotal: 6, judgmentsNeeded: 18, judgmentsDone: 0, paidMsats: 189_000n, spentMsats: 0n });

    const job = await db.agentJob.findUniqueOrThrow({ where: { id: created.job.id }, select: { projectId: true, deposit: { select: { status: true, amountMsats: true } }, project: { select: { teamId: true, status: true, feeBps: true, maxJudgmentsPerItem: true } } } });
    expect(job.deposit).toEqual({ status: 'PAID', amountMsats: 189_000n });
    expect(job.project).toMatchObject({ status: 'ACTIVE', feeBps: 500, maxJudgmentsPerItem: 3 });
    const escrowKey = accountKey({ kind: 'PROJECT_ESCROW', teamId: job.project.teamId, projectId: job.projectId });
    expect((await db.ledgerAccount.findUniqueOrThrow({ where: { key: escrowKey } })).balanceMsats).toBe(189_000n);

    // Not done yet: a short wait comes back incomplete, with the job's progress.
    const early = await client.getResults(created.job.id, created.token!, { waitSeconds: 1 });
    expect(early.isComplete).toBe(false);
    expect(early.items).toEqual([]);

    // Workers see it like any other project, and answer honestly.
    const workers = await createTestWorkers(4);
    const answered = await workUntilDone(job.projectId, workers, (payload) => ({ label: truthOf.get((payload as { text: string }).text) }));
    expect(answered).toBe(18);

    const progress = await client.getJob(created.job.id, created.token!);
    expect(progress).toMatchObject({ itemsDone: 6, judgmentsDone: 18, spentMsats: 189_000n });

    const results = await client.getResults(created.job.id, created.token!, { waitSeconds: 10 });
    expect(results.isComplete).toBe(true);
    expect(results.job).toMatchObject({ status: 'DONE', spentMsats: 189_000n, refundedMsats: 0n, refundPendingMsats: 0n, etaSeconds: null });
    expect(results.job.completedAt).not.toBeNull();
    expect(results.items.map((item) => item.item_id)).toEqual(REVIEWS.map((review) => review.id));
    for (const item of results.items) {
      const review = REVIEWS.find((r) => r.id === item.item_id)!;
      expect(item).toMatchObject({ label: review.truth, n_judgments: 3, agreement: 1, is_gold: false, payload: { text: review.text } });
      expect(item.confidence).toBeGreaterThan(0.9);
    }

    // To the msat: the payment went out of Lightning-in, into escrow, and from escrow to workers and the fee.
    const balances = new Map((await db.ledgerAccount.findMany({ select: { key: true, balanceMsats: true, kind: true } })).map((a) => [a.key, a]));
    expect(balances.get(escrowKey)?.balanceMsats).toBe(0n);
    expect(balances.get('platform:lightning-in')?.balanceMsats).toBe(-189_000n);
    let workerTotal = 0n;
    for (const workerId of workers) {
      const approved = await db.judgment.count({ where: { workerId, status: 'APPROVED' } });
      const balance = balances.get(accountKey({ kind: 'WORKER_AVAILABLE', workerId }))?.balanceMsats ?? 0n;
      expect(balance).toBe(BigInt(approved) * 10_000n);
      workerTotal += balance;
    }
    expect(workerTotal).toBe(180_000n);
    const fees = [...balances.values()].filter((a) => a.kind === 'FEE_INCOME').reduce((sum, a) => sum + a.balanceMsats, 0n);
    expect(fees).toBe(9_000n);
    expect(workerTotal + fees).toBe(created.paidMsats);
    expect(await getLedgerSum(db)).toBe(0n);
    expect(await db.agentRefund.count()).toBe(0);

    // The token keeps reading its job after it is done.
    expect((await client.getJob(created.job.id, created.token!)).status).toBe('DONE');
  });
});
