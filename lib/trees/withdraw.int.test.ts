// A tree judgment rejected later stops counting, in the rejecting transaction, and an upheld appeal counts it again
// (lib/trees/withdraw.ts), on real PostgreSQL: reviews leave their message's counts, labels and red flags, rankings
// leave their group's ranks, written messages leave the tree; nothing is counted twice and no decision is lost.
import { describe, expect, it } from 'vitest';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { appealJudgment, rejectJudgment, resolveAppeal } from '@/lib/judgments/review';
import { getLedgerSum } from '@/lib/ledger/accounts';
import { setWorkerStatus } from '@/lib/trust/status';
import { createTree } from './engine';
import { flagTreeMessage } from './flags';
import { createTreeProject, doAllOfKind } from './test-fixtures';

const message = (id: string) =>
  db.treeMessage.findUniqueOrThrow({
    where: { id },
    select: { reviewState: true, reviewCount: true, acceptVotes: true, labels: true, redFlagCount: true, rank: true, rankingCount: true, deletedAt: true, deletedReason: true },
  });
const taskOf = (messageId: string, kind: 'REPLY' | 'REVIEW' | 'RANK') =>
  db.item.findFirstOrThrow({ where: { treeMessageId: messageId, treeTaskKind: kind }, orderBy: { treeRound: 'desc' }, select: { status: true, judgmentsDone: true, openSlots: true } });
const judgmentOf = async (workerId: string, messageId: string, kind: 'REVIEW' | 'RANK' | 'REPLY') =>
  (await db.judgment.findFirstOrThrow({ where: { workerId, item: { treeMessageId: messageId, treeTaskKind: kind } }, select: { id: true } })).id;

async function appealAndUphold(admin: { kind: 'ADMIN'; userId: string }, workerId: string, judgmentId: string) {
  const { userId } = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true } });
  await appealJudgment({ userId, workerId }, judgmentId, 'I did this one carefully, please look again.');
  return resolveAppeal(admin, judgmentId, 'UPHOLD');
}

describe('tree judgments rejected later', () => {
  it('stop counting toward their message or group, count again when an appeal upholds them, and written ones leave the tree', async () => {
    const { projectId } = await createTreeProject({
      promptSource: 'team',
      maxDepth: 2,
      repliesPerMessage: 2,
      goalTreeSize: 20,
      reviewsPerMessage: 3,
      rankingsPerGroup: 2,
      reviewLabels: ['quality'],
    });
    const { treeId } = await createTree(projectId, { prompt: { text: 'What is a good first programming language?' } });
    const [wa, wb, ra, rb, rc, k1, k2, k3, wc, wd, rd, we, x1, x2, x3] = await createTestWorkers(15);
    const adminUser = await db.user.create({ data: { roles: ['ADMIN'] } });
    const admin = { kind: 'ADMIN' as const, userId: adminUser.id };

    await doAllOfKind(wa, projectId, 'REPLY', () => ({ text: 'Python: it reads like plain English.' }));
    await doAllOfKind(wb, projectId, 'REPLY', () => ({ text: 'JavaScript: it runs in every browser.' }));
    const replies = await db.treeMessage.findMany({ where: { treeId, depth: 1 }, orderBy: { siblingSlot: 'asc' }, select: { id: true } });
    const [mA, mB] = replies.map((r) => r.id);

    // A review with a red flag, rejected while its message is still under review: every trace of it goes.
    await doAllOfKind(ra, projectId, 'REVIEW', () => ({ spam: false, labels: { quality: 1 }, redFlag: true }));
    expect(await message(mA)).toMatchObject({ reviewCount: 1, acceptVotes: 1, redFlagCount: 1, labels: { spam: { value: 0, count: 1 }, quality: { value: 1, count: 1 } } });
    const raOnA = await judgmentOf(ra, mA, 'REVIEW');
    await rejectJudgment(admin, raOnA, 'Careless review');
    expect(await message(mA)).toMatchObject({ reviewState: 'PENDING', reviewCount: 0, acceptVotes: 0, redFlagCount: 0, labels: {} });
    expect(await db.treeMessageFlag.count({ where: { messageId: mA } })).toBe(0);
    // Its slot is back for a replacement review.
    expect(await taskOf(mA, 'REVIEW')).toEqual({ status: 'OPEN', judgmentsDone: 0, openSlots: 3 });

    // The appeal upheld: it counts again, and takes its slot back.
    expect(await appealAndUphold(admin, ra, raOnA)).toEqual({ paid: true });
    expect(await message(mA)).toMatchObject({ reviewCount: 1, acceptVotes: 1, redFlagCount: 1, labels: { quality: { value: 1, count: 1 } } });
    expect(await taskOf(mA, 'REVIEW')).toEqual({ status: 'OPEN', judgmentsDone: 1, openSlots: 2 });

    // Two more reviews decide both messages on exactly three reviews each.
    for (const reviewer of [rb, rc]) await doAllOfKind(reviewer, projectId, 'REVIEW', () => ({ spam: false, labels: { quality: 0.5 }, redFlag: false }));
    expect(await message(mA)).toMatchObject({ reviewState: 'ACCEPTED', reviewCount: 3, acceptVotes: 3, labels: { quality: { value: 2 / 3, count: 3 } } });
    expect(await message(mB)).toMatchObject({ reviewState: 'ACCEPTED', reviewCount: 3 });

    // Rejected after the decision: the count drops, the decision stands (its writer was paid), no new review task.
    await rejectJudgment(admin, await judgmentOf(rb, mB, 'REVIEW'), 'Careless review');
    expect(await message(mB)).toMatchObject({ reviewState: 'ACCEPTED', reviewCount: 2, acceptVotes: 2, labels: { quality: { value: 0.75, count: 2 } } });
    expect(await taskOf(mB, 'REVIEW')).toMatchObject({ status: 'DONE', openSlots: 0 });

    // Rankings: k1 puts A first, k2 B first: a tie, broken by sibling order.
    await doAllOfKind(k1, projectId, 'RANK', () => ({ order: [mA, mB] }));
    await doAllOfKind(k2, projectId, 'RANK', () => ({ order: [mB, mA] }));
    expect([(await message(mA)).rank, (await message(mB)).rank]).toEqual([0, 1]);
    const rootId = (await db.treeMessage.findFirstOrThrow({ where: { treeId, depth: 0 }, select: { id: true } })).id;
    expect(await taskOf(rootId, 'RANK')).toMatchObject({ status: 'DONE' });

    // k1's ranking rejected: the group is merged again without it (B first now), and a replacement is asked for.
    const k1Ranking = await judgmentOf(k1, rootId, 'RANK');
    await rejectJudgment(admin, k1Ranking, 'Ranked without reading');
    expect([(await message(mA)).rank, (await message(mB)).rank]).toEqual([1, 0]);
    expect(await message(rootId)).toMatchObject({ rankingCount: 1 });
    expect(await taskOf(rootId, 'RANK')).toEqual({ status: 'OPEN', judgmentsDone: 1, openSlots: 1 });
    await doAllOfKind(k3, projectId, 'RANK', () => ({ order: [mA, mB] }));
    expect(await message(rootId)).toMatchObject({ rankingCount: 2 });
    expect(await taskOf(rootId, 'RANK')).toMatchObject({ status: 'DONE', openSlots: 0 });
    expect([(await message(mA)).rank, (await message(mB)).rank]).toEqual([0, 1]);

    // k1's appeal upheld: three rankings count (A: 0+1+0, B: 1+0+1), merged once more.
    await appealAndUphold(admin, k1, k1Ranking);
    expect(await message(rootId)).toMatchObject({ rankingCount: 3 });
    expect([(await message(mA)).rank, (await message(mB)).rank]).toEqual([0, 1]);

    // A reply rejected by an admin while under review leaves the tree with the reason; the group gets its slot back.
    const replyTaskBefore = await taskOf(mA, 'REPLY');
    await doAllOfKind(wc, projectId, 'REPLY', () => ({ text: 'Agreed, Python it is.' }));
    const mC = (await db.treeMessage.findFirstOrThrow({ where: { authorWorkerId: wc }, select: { id: true } })).id;
    await rejectJudgment(admin, await judgmentOf(wc, mA, 'REPLY'), 'Copied from another site');
    expect(await message(mC)).toMatchObject({ deletedReason: 'rejected: Copied from another site' });
    expect(await taskOf(mC, 'REVIEW')).toMatchObject({ status: 'CANCELLED' });
    expect(await taskOf(mA, 'REPLY')).toMatchObject({ status: 'OPEN', openSlots: replyTaskBefore.openSlots });

    // A banned reviewer's pending review stops counting too.
    await doAllOfKind(wd, projectId, 'REPLY', () => ({ text: 'Scratch, for children.' }));
    const mD = (await db.treeMessage.findFirstOrThrow({ where: { authorWorkerId: wd }, select: { id: true } })).id;
    await doAllOfKind(rd, projectId, 'REVIEW', () => ({ spam: true, labels: { quality: 0 }, redFlag: false }));
    expect(await message(mD)).toMatchObject({ reviewCount: 1, acceptVotes: 0 });
    await setWorkerStatus({ kind: 'SYSTEM' }, rd, 'BANNED', 'Part of a review ring');
    expect(await message(mD)).toMatchObject({ reviewState: 'PENDING', reviewCount: 0, acceptVotes: 0, labels: {} });
    expect(await taskOf(mD, 'REVIEW')).toMatchObject({ status: 'OPEN', judgmentsDone: 0, openSlots: 3 });

    // The group changes after it was ranked (B red-flagged away, E replies in its place) and is ranked anew: a
    // ranking of the old round rejected now leaves the new round alone.
    for (const w of [wa, ra, rb, rc]) await flagTreeMessage(w, mB, 'abusive');
    await doAllOfKind(we, projectId, 'REPLY', () => ({ text: 'Go, for its simple tooling.' }));
    const mE = (await db.treeMessage.findFirstOrThrow({ where: { authorWorkerId: we, parentId: rootId }, select: { id: true } })).id;
    for (const reviewer of [x1, x2, x3]) await doAllOfKind(reviewer, projectId, 'REVIEW', () => ({ spam: false, labels: { quality: 0.5 }, redFlag: false }));
    expect(await message(mE)).toMatchObject({ reviewState: 'ACCEPTED', rank: null });
    const newRound = await db.item.findFirstOrThrow({ where: { treeMessageId: rootId, treeTaskKind: 'RANK', treeRound: 1 }, select: { status: true, judgmentsDone: true } });
    expect(newRound).toEqual({ status: 'OPEN', judgmentsDone: 0 });
    await rejectJudgment(admin, await judgmentOf(k2, rootId, 'RANK'), 'Ranked without reading');
    expect(await message(mE)).toMatchObject({ rank: null });
    expect(await message(mA)).toMatchObject({ rank: 0 });
    expect(await db.item.findFirstOrThrow({ where: { treeMessageId: rootId, treeTaskKind: 'RANK', treeRound: 1 }, select: { status: true, judgmentsDone: true } })).toEqual(newRound);

    // Nobody paid twice: every approved judgment has one reward transfer, and the ledger balances.
    const [twice] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM (SELECT "judgmentId" FROM "LedgerTransfer" WHERE reason = 'JUDGMENT_REWARD' GROUP BY 1 HAVING count(*) > 1) x`;
    expect(twice.count).toBe(0);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
