// Quality of tree work on real PostgreSQL: reviews and rankings are scored for agreement with the other workers and
// that feeds consensus and trust like any task type's; tree work counts in approvals, earnings and trust; a ranking's
// shown order is recorded with its assignment.
import { describe, expect, it } from 'vitest';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { getAccountBalance } from '@/lib/ledger/accounts';
import { defaultQualityRules } from '@/lib/quality/rules';
import { getConsensusRecord } from '@/lib/trust/score';
import { createTree } from './engine';
import { shownOrderOf } from './shown-order';
import { checkTreeShapes, createTreeProject, doAllOfKind as doAll, drainEvaluator, type TreeTaskForTest as Task } from './test-fixtures';

const honestReview = { spam: false, labels: { quality: 0.8 }, redFlag: false };
const contrarianReview = { spam: true, labels: { quality: 0 }, redFlag: false };
// The honest rankers agree on an order (here: by id); the contrarian ranks the reverse.
const honestRank = (task: Task) => ({ order: [...task.candidates].sort() });
const contrarianRank = (task: Task) => ({ order: [...task.candidates].sort().reverse() });

describe('tree quality', () => {
  it('scores reviews and rankings against the other workers: a contrarian is flagged and scores lower; tree work is paid and counted', async () => {
    const { projectId, config } = await createTreeProject({
      promptSource: 'team',
      maxDepth: 1,
      repliesPerMessage: 3,
      goalTreeSize: 4,
      reviewsPerMessage: 3,
      rankingsPerGroup: 3,
      reviewLabels: ['quality'],
    });
    for (let i = 0; i < 6; i++) await createTree(projectId, { prompt: { text: `Prompt ${i}: how do tides work?` } });
    const [w1, w2, w3, contrarian, h1, h2, contrarianRanker, r1, r2] = await createTestWorkers(9);

    for (const [index, writer] of [w1, w2, w3].entries()) {
      expect(await doAll(writer, projectId, 'REPLY', (task) => ({ text: `Reply ${index} to ${task.messageId}: the moon pulls the sea.` }))).toBe(6);
    }
    // The contrarian takes a slot of every review first; the honest pair fills the other two.
    expect(await doAll(contrarian, projectId, 'REVIEW', () => contrarianReview)).toBe(18);
    expect(await doAll(h1, projectId, 'REVIEW', () => honestReview)).toBe(18);
    expect(await doAll(h2, projectId, 'REVIEW', () => honestReview)).toBe(18);
    expect(await doAll(contrarianRanker, projectId, 'RANK', contrarianRank)).toBe(6);
    expect(await doAll(r1, projectId, 'RANK', honestRank)).toBe(6);
    expect(await doAll(r2, projectId, 'RANK', honestRank)).toBe(6);
    await drainEvaluator();

    // 2 of 3 reviewers accepted each reply (0.67 >= 0.6): every tree grew to its shape. The only remarks: the team's
    // prompts were never reviewed (the team vouches for them), and the contrarians' 24 answers wait for an admin.
    const report = await checkTreeShapes(projectId, config, { messages: 4, maxDepth: 1 });
    expect(report.problems.filter((p) => !p.endsWith('ACCEPTED after 0 reviews') && !p.endsWith('still pending'))).toEqual([]);
    expect(report.problems.filter((p) => p.endsWith('still pending'))).toHaveLength(18 + 6);
    expect(report.states).toEqual({ READY: 6 });

    // Agreement, leave-one-out, through the same consensus record the trust score and the low-agreement rule read.
    const record = (workerId: string) => getConsensusRecord(db, workerId, defaultQualityRules);
    expect(await record(contrarian)).toEqual({ checked: 18, agreed: 0 });
    expect(await record(h1)).toEqual({ checked: 18, agreed: 18 });
    expect(await record(contrarianRanker)).toEqual({ checked: 6, agreed: 0 });
    expect(await record(r1)).toEqual({ checked: 6, agreed: 6 });

    // The existing rules act on it: the contrarians' answers are flagged low_agreement and held for review (unpaid),
    // the honest ones approved and paid, and trust tells them apart.
    const judgmentsOf = (workerId: string) => db.judgment.findMany({ where: { workerId }, select: { status: true, flags: true } });
    for (const workerId of [contrarian, contrarianRanker]) {
      const judgments = await judgmentsOf(workerId);
      expect(judgments.every((j) => j.status === 'PENDING' && j.flags.includes('low_agreement'))).toBe(true);
    }
    for (const workerId of [h1, r1]) {
      const judgments = await judgmentsOf(workerId);
      expect(judgments.every((j) => j.status === 'APPROVED' && j.flags.length === 0)).toBe(true);
    }
    const trust = async (workerId: string) => (await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { trustScore: true } })).trustScore;
    expect(await trust(contrarian)).toBeLessThan((await trust(h1)) - 0.1);
    expect(await trust(contrarianRanker)).toBeLessThan((await trust(r1)) - 0.1);

    // Tree work counts like any work: approvals on the profile, rewards on the worker's balance, trust snapshots.
    const rewards = config.rewardsMsats;
    const expectations: [string, number, bigint][] = [
      [w1, 6, 6n * rewards.REPLY],
      [h1, 18, 18n * rewards.REVIEW],
      [r1, 6, 6n * rewards.RANK],
      [contrarian, 0, 0n],
    ];
    for (const [workerId, approved, earned] of expectations) {
      const profile = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { judgmentsApproved: true } });
      expect(profile.judgmentsApproved).toBe(approved);
      expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(earned);
    }
    expect(await db.trustSnapshot.count({ where: { workerId: contrarian } })).toBeGreaterThan(0);
  });

  it('records the order each ranker was shown, shuffled per assignment, so position bias can be measured', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team', maxDepth: 1, repliesPerMessage: 3, goalTreeSize: 4, reviewsPerMessage: 1, rankingsPerGroup: 3 });
    for (let i = 0; i < 4; i++) await createTree(projectId, { prompt: { text: `Prompt ${i}: name a colour.` } });
    const [w1, w2, w3, reviewer, ...rankers] = await createTestWorkers(7);
    for (const writer of [w1, w2, w3]) await doAll(writer, projectId, 'REPLY', (task) => ({ text: `${writer} says blue to ${task.messageId}` }));
    await doAll(reviewer, projectId, 'REVIEW', () => honestReview);
    for (const ranker of rankers) expect(await doAll(ranker, projectId, 'RANK', honestRank)).toBe(4);

    const assignments = await db.assignment.findMany({
      where: { projectId, status: 'SUBMITTED', item: { treeTaskKind: 'RANK' } },
      select: { id: true, shownOrder: true, item: { select: { payload: true } } },
    });
    expect(assignments).toHaveLength(12);
    const firstShown = new Set<number>();
    for (const assignment of assignments) {
      const ids = (assignment.item.payload as { tree: { candidates: { id: string }[] } }).tree.candidates.map((c) => c.id);
      expect(assignment.shownOrder).toEqual(shownOrderOf(ids, assignment.id));
      expect([...(assignment.shownOrder as number[])].sort()).toEqual([0, 1, 2]);
      firstShown.add((assignment.shownOrder as number[])[0]);
    }
    // Not always the same reply first.
    expect(firstShown.size).toBeGreaterThan(1);
    // Reviews and writing show nothing to shuffle: no shown order on them.
    const [others] = await db.$queryRaw<{ withOrder: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE a."shownOrder" IS NOT NULL)::int AS "withOrder", count(*)::int AS total
      FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
      WHERE a."projectId" = ${projectId}::uuid AND a.status = 'SUBMITTED' AND i."treeTaskKind" <> 'RANK'`;
    expect(others).toEqual({ withOrder: 0, total: 4 * 3 + 4 * 3 });
  });
});
