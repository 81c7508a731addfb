// Business events to deliveries: batch.completed through the real claim/submit path, budget.low through approvals
// and deposits. Each must produce exactly one delivery per occurrence however often it is triggered.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { settleDeposit } from '@/lib/funding/deposits';
import { stopBoss } from '@/lib/jobs/boss';
import { approveJudgment, rejectJudgment } from '@/lib/judgments/review';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { reopenItemSlots } from '@/lib/quality/overlap';
import type { LightningBackend } from '@/lib/lightning';
import { getBudgetAlertThresholdMsats, onItemsCompleted, sweepFinishedBatches } from './events';

afterAll(() => stopBoss());

async function subscribe(projectId: string, events: string[]) {
  const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
  const webhook = await db.webhook.create({ data: { teamId, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_x', events } });
  return { teamId, webhookId: webhook.id };
}

async function createBatchWithItems(projectId: string, count: number, batch: { status?: 'IMPORTING' | 'IMPORTED' } = {}) {
  const created = await db.batch.create({
    data: { projectId, sourceFileName: 'items.jsonl', format: 'jsonl', status: batch.status ?? 'IMPORTED', completedAt: batch.status === 'IMPORTING' ? null : new Date() },
  });
  const itemIds = await createTestItems(projectId, count, { judgmentsNeeded: 1 });
  await db.item.updateMany({ where: { id: { in: itemIds } }, data: { batchId: created.id } });
  return { batchId: created.id, itemIds };
}

/** One worker claims and answers one task of the project; returns the judgment id. */
async function answerOne(workerId: string, projectId: string): Promise<string> {
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') throw new Error(`no assignment: ${claim.reason}`);
  const { judgmentId } = await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { choice: 'A' } });
  await evaluatePendingJudgments(); // the evaluator notices finished batches, as the job worker's does moments later
  return judgmentId;
}

const deliveriesOf = (webhookId: string, event: string) => db.webhookDelivery.findMany({ where: { webhookId, event }, orderBy: { createdAt: 'asc' } });

describe('batch.completed', () => {
  it('fires once when the last item of the batch gets its last judgment, however often it is checked', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    const { webhookId } = await subscribe(projectId, ['batch.completed']);
    const { batchId, itemIds } = await createBatchWithItems(projectId, 2);
    const workers = await createTestWorkers(2);

    await answerOne(workers[0], projectId);
    expect(await deliveriesOf(webhookId, 'batch.completed')).toHaveLength(0);
    expect((await db.batch.findUniqueOrThrow({ where: { id: batchId } })).finishedAt).toBeNull();

    await answerOne(workers[1], projectId);
    const batch = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch.finishedAt).toBeInstanceOf(Date);
    // Triggered again by every path: the item hook, the batch list and the sweeper.
    await db.$transaction((tx) => onItemsCompleted(tx, { itemIds }));
    await db.$transaction((tx) => onItemsCompleted(tx, { batchIds: [batchId] }));
    await sweepFinishedBatches();

    const deliveries = await deliveriesOf(webhookId, 'batch.completed');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ eventKey: `batch.completed:${batchId}:${batch.finishedAt!.getTime()}`, status: 'QUEUED' });
    expect(deliveries[0].payload).toMatchObject({ type: 'batch.completed', data: { batchId, projectId, items: 2, judgments: 2 } });
  });

  it('is re-armed when a late rejection reopens an item, and fires again when the batch finishes again', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    const { webhookId } = await subscribe(projectId, ['batch.completed']);
    const { batchId } = await createBatchWithItems(projectId, 1);
    const workers = await createTestWorkers(2);
    const first = await answerOne(workers[0], projectId);
    expect(await deliveriesOf(webhookId, 'batch.completed')).toHaveLength(1);

    await db.$transaction(async (tx) => {
      await rejectJudgment({ kind: 'AUTO' }, first, 'off topic', tx);
      await reopenItemSlots(tx, [(await tx.judgment.findUniqueOrThrow({ where: { id: first } })).itemId]);
    });
    expect((await db.batch.findUniqueOrThrow({ where: { id: batchId } })).finishedAt).toBeNull();
    await sweepFinishedBatches();
    expect(await deliveriesOf(webhookId, 'batch.completed')).toHaveLength(1);

    await answerOne(workers[1], projectId);
    const deliveries = await deliveriesOf(webhookId, 'batch.completed');
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => d.eventKey)).size).toBe(2);
  });

  it('fires once when two concurrent checks race', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    const { webhookId } = await subscribe(projectId, ['batch.completed']);
    const { batchId, itemIds } = await createBatchWithItems(projectId, 3);
    await db.item.updateMany({ where: { id: { in: itemIds } }, data: { status: 'DONE', openSlots: 0, judgmentsDone: 1 } });
    const finished = await Promise.all(Array.from({ length: 4 }, () => db.$transaction((tx) => onItemsCompleted(tx, { batchIds: [batchId] }))));
    expect(finished.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await deliveriesOf(webhookId, 'batch.completed')).toHaveLength(1);
  });

  it('waits for the import to finish (the sweeper then catches it) and ignores batches with open items', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    const { webhookId } = await subscribe(projectId, ['batch.completed']);
    const importing = await createBatchWithItems(projectId, 1, { status: 'IMPORTING' });
    const open = await createBatchWithItems(projectId, 2);
    await db.item.updateMany({ where: { id: { in: [...importing.itemIds, open.itemIds[0]] } }, data: { status: 'DONE' } });
    await db.$transaction((tx) => onItemsCompleted(tx, { itemIds: [...importing.itemIds, open.itemIds[0]] }));
    expect(await deliveriesOf(webhookId, 'batch.completed')).toHaveLength(0);

    await db.batch.update({ where: { id: importing.batchId }, data: { status: 'IMPORTED', completedAt: new Date() } });
    expect(await sweepFinishedBatches()).toEqual({ finished: 1 });
    const deliveries = await deliveriesOf(webhookId, 'batch.completed');
    expect(deliveries.map((d) => d.eventKey)).toEqual([expect.stringMatching(new RegExp(`^batch\\.completed:${importing.batchId}:\\d+$`))]);
    expect((await db.batch.findUniqueOrThrow({ where: { id: open.batchId } })).finishedAt).toBeNull();
  });
});

describe('budget.low', () => {
  it('defaults to the cost of ten judgments when the project sets no threshold', () => {
    expect(getBudgetAlertThresholdMsats({ rewardMsats: 1_000n, feeBps: 500, budgetAlertMsats: null })).toBe(10_500n);
    expect(getBudgetAlertThresholdMsats({ rewardMsats: 1_000n, feeBps: 500, budgetAlertMsats: 7n })).toBe(7n);
  });

  it('fires once when approvals take the escrow below the threshold, and again only after a deposit re-arms it', async () => {
    // Fixtures fund 10,000,000,000 msats; each approval pays 1,000.
    const funded = 10_000_000_000n;
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1, budgetAlertMsats: funded - 1_500n });
    const { teamId, webhookId } = await subscribe(projectId, ['budget.low']);
    await createTestItems(projectId, 5, { judgmentsNeeded: 1 });
    const workers = await createTestWorkers(5);
    const judgments: string[] = [];
    for (const workerId of workers) judgments.push(await answerOne(workerId, projectId));

    await approveJudgment({ kind: 'AUTO' }, judgments[0]); // funded - 1000: still above
    expect(await deliveriesOf(webhookId, 'budget.low')).toHaveLength(0);
    await approveJudgment({ kind: 'AUTO' }, judgments[1]); // funded - 2000: below, fires
    await approveJudgment({ kind: 'AUTO' }, judgments[2]); // still below: already sent
    let deliveries = await deliveriesOf(webhookId, 'budget.low');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].payload).toMatchObject({ type: 'budget.low', data: { projectId, escrowMsats: String(funded - 2_000n), thresholdMsats: String(funded - 1_500n) } });
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).budgetAlertedAt).toBeInstanceOf(Date);

    // A deposit that leaves the escrow below the threshold does not re-arm; one that lifts it above does.
    await payDeposit(teamId, projectId, 500n); // funded - 2500
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).budgetAlertedAt).toBeInstanceOf(Date);
    await payDeposit(teamId, projectId, 2_000n); // funded - 500
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).budgetAlertedAt).toBeNull();

    await approveJudgment({ kind: 'AUTO' }, judgments[3]); // funded - 1500: not below
    expect(await deliveriesOf(webhookId, 'budget.low')).toHaveLength(1);
    await approveJudgment({ kind: 'AUTO' }, judgments[4]); // funded - 2500: below again
    deliveries = await deliveriesOf(webhookId, 'budget.low');
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => d.eventKey)).size).toBe(2);
  });
});

/** A PAID deposit settled through settleDeposit, with a stand-in node that reports the invoice paid. */
async function payDeposit(teamId: string, projectId: string, amountMsats: bigint) {
  const paymentHash = randomBytes(32).toString('hex');
  const deposit = await db.deposit.create({
    data: { teamId, projectId, amountMsats, bolt11: `lnbcrt-${paymentHash}`, paymentHash, backend: 'lnd', expiresAt: new Date(Date.now() + 3_600_000) },
  });
  const node = { kind: 'lnd', getInvoice: async () => ({ status: 'PAID', paidAt: new Date() }) } as unknown as LightningBackend;
  expect(await settleDeposit(deposit.id, node)).toMatchObject({ status: 'PAID', credited: true });
}
