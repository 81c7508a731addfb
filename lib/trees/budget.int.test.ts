// A tree project's tasks pay by kind: the claim's budget check counts each promise at its own reward, so an escrow
// that can pay three reviews hands out three reviews, not none because a reply would cost more.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestWorkers, leaveInEscrow } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { createTreeProject } from './test-fixtures';

describe('the escrow behind a tree project', () => {
  it('counts pending and leased tree tasks at their own rewards', async () => {
    const { projectId } = await createTreeProject(
      { repliesPerMessage: 2, reviewsPerMessage: 3, rewardsMsats: { WRITE_PROMPT: '5000', REPLY: '5000', REVIEW: '1000', RANK: '2000' } },
      { feeBps: 1000 },
    );
    await createTree(projectId, { prompt: { text: 'What makes bread rise?' } });
    const workers = await createTestWorkers(9);
    const answers = ['Yeast makes gas.', 'Carbon dioxide from fermentation.'];
    for (const worker of workers.slice(0, 2)) {
      const claim = await claimNextAssignment(worker, projectId);
      if (claim.kind !== 'assigned') throw new Error(`no reply task: ${JSON.stringify(claim)}`);
      await submitJudgment(worker, { assignmentId: claim.assignment.assignmentId, answer: { text: answers.shift() } });
    }
    // Two replies wait for approval (5,500 each with the 10% fee); six review tasks are open (1,100 each).
    expect(await db.judgment.count({ where: { projectId, status: 'PENDING' } })).toBe(2);
    await leaveInEscrow(projectId, 2n * 5_500n + 3n * 1_100n);

    const claims = [];
    for (const worker of workers.slice(2, 7)) claims.push(await claimNextAssignment(worker, projectId));
    expect(claims.map((claim) => (claim.kind === 'assigned' ? 'assigned' : claim.reason))).toEqual(['assigned', 'assigned', 'assigned', 'OUT_OF_FUNDS', 'OUT_OF_FUNDS']);
    const leased = await db.assignment.findMany({ where: { projectId, status: 'ACTIVE' }, select: { item: { select: { treeTaskKind: true } } } });
    expect(leased.map((a) => a.item.treeTaskKind)).toEqual(['REVIEW', 'REVIEW', 'REVIEW']);
  });
});
