// Test support for conversation trees, shared by lib/trees/*.int.test.ts and bench/trees-grow.mjs: a tree project,
// simulated workers that do whatever tree task the task loop hands them (through the same claim and submit as the
// phone), and the checks a grown tree must pass.
import 'server-only';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { returnSlots } from '@/lib/assignment/leases';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestProject } from '@/lib/assignment/test-fixtures';
import type { AssignmentView } from '@/lib/assignment/types';
import { db, type Prisma } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { getLedgerSum } from '@/lib/ledger/accounts';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { maxTreeRewardMsats, parseTreeConfig, toStoredTreeConfig, type TreeConfig, type TreeConfigInput } from './config';

/** An ACTIVE tree project (task type WRITING, so the task loop can lease and show its tasks), generously funded. */
export async function createTreeProject(input: TreeConfigInput = {}, overrides: Partial<Prisma.ProjectUncheckedCreateInput> = {}): Promise<{ projectId: string; config: TreeConfig }> {
  const config = parseTreeConfig(input);
  const projectId = await createTestProject({
    title: 'Grow conversations',
    taskType: 'WRITING',
    typeConfig: { mode: 'write', minLength: 1, maxLength: config.maxTextLength },
    treeConfig: toStoredTreeConfig(config),
    rewardMsats: maxTreeRewardMsats(config),
    judgmentsPerItem: 1,
    maxJudgmentsPerItem: null,
    autoApproveAfterSeconds: 0,
    // The tree's tasks are all different texts: agreement and straight-lining say nothing about them yet.
    qualityRules: { straightLining: { window: 500, maxSameShare: 1 } },
    ...overrides,
  });
  return { projectId, config };
}

/** The next task the worker gets in the project; throws (with the reason) when there is none. */
export async function claimTask(workerId: string, projectId: string): Promise<AssignmentView> {
  const result = await claimNextAssignment(workerId, projectId);
  if (result.kind !== 'assigned') throw new Error(`expected a task, got none (${result.reason})`);
  return result.assignment;
}

type TreePayload = { tree: { kind: 'WRITE_PROMPT' | 'REPLY' | 'REVIEW' | 'RANK'; messageId: string | null; candidates?: { id: string }[] } };

/** A message's hidden "true quality" in 0..1 (a stable hash of its id): what honest simulated workers perceive. */
export function trueQualityOf(messageId: string): number {
  let hash = 0;
  for (const char of messageId) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return (hash % 101) / 100;
}

/**
 * A simulated worker's answer to a tree task: distinct texts, and honest reviews and rankings. Honest workers see
 * the same true quality (trueQualityOf) with a little noise, so they agree with each other as real careful workers
 * mostly do: labels within ±0.1 of it, and rankings by it with one neighbouring pair swapped now and then. (Random
 * answers would disagree half the time, and the agreement check of lib/trees/agreement.ts would rightly flag them.)
 */
export function answerTreeTask(payload: TreePayload, worker: string, random: () => number): unknown {
  switch (payload.tree.kind) {
    case 'WRITE_PROMPT':
      return { text: `Prompt from ${worker}: how do I ${Math.floor(random() * 1e9)}?` };
    case 'REPLY':
      return { text: `Reply from ${worker} to ${payload.tree.messageId}: ${Math.floor(random() * 1e9)}` };
    case 'REVIEW': {
      const quality = Math.min(1, Math.max(0, trueQualityOf(payload.tree.messageId ?? '') + (random() - 0.5) / 5));
      return { spam: false, labels: { quality: Math.round(quality * 100) / 100 }, redFlag: false };
    }
    case 'RANK': {
      const order = (payload.tree.candidates ?? []).map((c) => c.id).sort((a, b) => trueQualityOf(b) - trueQualityOf(a) || a.localeCompare(b));
      if (random() < 0.15) {
        const i = Math.floor(random() * (order.length - 1));
        [order[i], order[i + 1]] = [order[i + 1], order[i]];
      }
      return { order };
    }
  }
}

/**
 * One simulated worker: claim, answer, submit, until every tree of the project is finished (or `deadline` passes).
 * A refusal because the tree changed under the task (a lost race) is counted and the lease given back.
 */
export async function runTreeWorker(workerId: string, projectId: string, random: () => number, options: { deadline?: number } = {}) {
  let done = 0;
  const refusals: string[] = [];
  const deadline = options.deadline ?? Date.now() + 60_000;
  while (Date.now() < deadline) {
    const claim = await claimNextAssignment(workerId, projectId, { random });
    if (claim.kind === 'none') {
      const growing = await db.conversationTree.count({ where: { projectId, state: { in: ['GROWING', 'RANKING'] } } });
      if (growing === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5 + random() * 20));
      continue;
    }
    const { item } = await db.assignment.findUniqueOrThrow({ where: { id: claim.assignment.assignmentId }, select: { item: { select: { payload: true } } } });
    const answer = answerTreeTask(item.payload as TreePayload, workerId.slice(0, 8), random);
    try {
      await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer });
      done += 1;
    } catch (error) {
      if (!isAppError(error)) throw error;
      refusals.push(error.message);
      await releaseLease(claim.assignment.assignmentId);
    }
  }
  return { done, refusals };
}

export type TreeTaskForTest = { assignmentId: string; kind: string; messageId: string | null; candidates: string[] };

/** The worker does every task of `kind` the task loop hands them (others are given back for good), answering with `answer`. */
export async function doAllOfKind(workerId: string, projectId: string, kind: string, answer: (task: TreeTaskForTest) => unknown): Promise<number> {
  let done = 0;
  for (;;) {
    const claim = await claimNextAssignment(workerId, projectId);
    if (claim.kind !== 'assigned') return done;
    const { item } = await db.assignment.findUniqueOrThrow({
      where: { id: claim.assignment.assignmentId },
      select: { item: { select: { treeTaskKind: true, treeMessageId: true, payload: true } } },
    });
    const candidates = ((item.payload as { tree: { candidates?: { id: string }[] } }).tree.candidates ?? []).map((c) => c.id);
    const task = { assignmentId: claim.assignment.assignmentId, kind: item.treeTaskKind!, messageId: item.treeMessageId, candidates };
    if (task.kind !== kind) {
      await releaseLease(task.assignmentId);
      continue;
    }
    await submitJudgment(workerId, { assignmentId: task.assignmentId, answer: answer(task) });
    done += 1;
  }
}

/** Gives a lease back as if it had expired (its slot returns to the item). */
export async function releaseLease(assignmentId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ itemId: string }[]>`
      UPDATE "Assignment" SET status = 'EXPIRED', "finishedAt" = now() WHERE id = ${assignmentId}::uuid AND status = 'ACTIVE'
      RETURNING "itemId"::text AS "itemId"`;
    if (row) await returnSlots(tx, [row.itemId]);
  });
}

/** Runs the quality evaluator until its queue is empty (approves and pays reviews and rankings). */
export async function drainEvaluator(): Promise<void> {
  while ((await evaluatePendingJudgments()) > 0);
}

export type TreeShapeReport = {
  trees: number;
  problems: string[];
  states: Record<string, number>;
  messages: number;
  judgments: number;
};

/**
 * Checks every tree of the project against its configuration: READY, exactly goalTreeSize live messages down to
 * maxDepth, no group over repliesPerMessage, every message accepted after exactly reviewsPerMessage reviews, every
 * group of two or more ranked by exactly rankingsPerGroup rankings; nobody reviewed or ranked their own message;
 * every approved judgment paid exactly once, at its item's reward; the ledger sums to zero.
 */
export async function checkTreeShapes(projectId: string, config: TreeConfig, expected: { messages: number; maxDepth: number }): Promise<TreeShapeReport> {
  const problems: string[] = [];
  const trees = await db.conversationTree.findMany({
    where: { projectId },
    select: { id: true, state: true, messages: { select: { id: true, parentId: true, depth: true, reviewState: true, reviewCount: true, rank: true, rankingCount: true, deletedAt: true } } },
  });
  const states: Record<string, number> = {};
  let messageCount = 0;
  for (const tree of trees) {
    states[tree.state] = (states[tree.state] ?? 0) + 1;
    const live = tree.messages.filter((m) => m.deletedAt === null);
    messageCount += live.length;
    const say = (text: string) => problems.push(`tree ${tree.id}: ${text}`);
    if (tree.state !== 'READY') say(`state ${tree.state}`);
    if (live.length !== expected.messages) say(`${live.length} live messages, expected ${expected.messages}`);
    const depth = Math.max(...live.map((m) => m.depth));
    if (depth !== expected.maxDepth) say(`depth ${depth}, expected ${expected.maxDepth}`);
    const groups = new Map<string, typeof live>();
    for (const m of live) if (m.parentId) groups.set(m.parentId, [...(groups.get(m.parentId) ?? []), m]);
    for (const m of live) {
      if (m.reviewState !== 'ACCEPTED' || m.reviewCount !== config.reviewsPerMessage) say(`message ${m.id} ${m.reviewState} after ${m.reviewCount} reviews`);
    }
    for (const [parentId, group] of groups) {
      if (group.length > config.repliesPerMessage) say(`message ${parentId} has ${group.length} replies`);
      const parent = live.find((m) => m.id === parentId)!;
      if (group.length >= 2 && (parent.rankingCount !== config.rankingsPerGroup || group.some((m) => m.rank === null))) {
        say(`group of ${parentId}: ${parent.rankingCount} rankings`);
      }
      const ranks = group.map((m) => m.rank).sort();
      if (group.length >= 2 && ranks.join() !== group.map((_, i) => i).join()) say(`group of ${parentId} ranks ${ranks.join()}`);
    }
  }
  const selfWork = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
    JOIN "TreeMessage" m ON (i."treeTaskKind" = 'REVIEW' AND m.id = i."treeMessageId")
      OR (i."treeTaskKind" = 'RANK' AND m."parentId" = i."treeMessageId")
    WHERE i."projectId" = ${projectId}::uuid AND m."authorWorkerId" = j."workerId"`;
  if (selfWork[0].count > 0) problems.push(`${selfWork[0].count} judgments reviewed or ranked the worker's own message`);
  const payments = await db.$queryRaw<{ id: string; status: string; expected: bigint; paid: bigint | null; transfers: number }[]>`
    SELECT j.id::text AS id, j.status::text AS status, COALESCE(i."rewardMsats", p."rewardMsats") AS expected,
      (SELECT sum(t."amountMsats") FROM "LedgerTransfer" t WHERE t."judgmentId" = j.id AND t.reason = 'JUDGMENT_REWARD')::bigint AS paid,
      (SELECT count(*)::int FROM "LedgerTransfer" t WHERE t."judgmentId" = j.id AND t.reason = 'JUDGMENT_REWARD') AS transfers
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Project" p ON p.id = j."projectId"
    WHERE j."projectId" = ${projectId}::uuid`;
  for (const row of payments) {
    const shouldPay = row.status === 'APPROVED' && row.expected > 0n;
    if (shouldPay && (row.transfers !== 1 || row.paid !== row.expected)) problems.push(`judgment ${row.id} paid ${row.transfers} times (${row.paid ?? 0n} msats)`);
    if (!shouldPay && row.transfers > 0) problems.push(`judgment ${row.id} is ${row.status} but was paid`);
    if (row.status === 'PENDING') problems.push(`judgment ${row.id} still pending`);
  }
  const sum = await getLedgerSum(db);
  if (sum !== 0n) problems.push(`ledger sums to ${sum}`);
  return { trees: trees.length, problems, states, messages: messageCount, judgments: payments.length };
}
