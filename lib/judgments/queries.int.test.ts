// The review queue's filters, keyset paging and the item view (answers side by side, gold, consensus), as an admin;
// and that a non-admin is refused before any data is read.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorkers, getShownChoiceFor } from '@/lib/assignment/test-fixtures';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { stopBoss } from '@/lib/jobs/boss';
import { getItemReviewOrThrow, listReviewQueue } from './queries';
import { rejectJudgment } from './review';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));
afterAll(() => stopBoss());
beforeEach(() => {
  vi.mocked(requireRole).mockImplementation(async (role) => ({ userId: 'admin', roles: [role] }) as never);
});

async function answer(workerId: string, projectId: string, choice: 'A' | 'B') {
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') throw new Error(claim.reason);
  // `choice` is canonical; the worker answers in shown terms.
  const shown = await getShownChoiceFor(claim.assignment.assignmentId, choice);
  return (await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { choice: shown } })).judgmentId;
}

describe('review queries', () => {
  it('filters, pages by keyset and shows one item side by side with consensus', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 3, maxJudgmentsPerItem: 3 });
    const [itemId] = await createTestItems(projectId, 1, { judgmentsNeeded: 3, goldAnswer: { choice: 'A' } });
    const workers = await createTestWorkers(3);
    const ids = [await answer(workers[0], projectId, 'A'), await answer(workers[1], projectId, 'A'), await answer(workers[2], projectId, 'B')];
    await db.judgment.update({ where: { id: ids[2] }, data: { flags: ['too_fast'] } });

    const page1 = await listReviewQueue({ status: 'PENDING', projectId }, { limit: 2 });
    expect(page1.total).toBe(3);
    expect(page1.data.map((j) => j.id)).toEqual(ids.slice(0, 2));
    const page2 = await listReviewQueue({ status: 'PENDING', projectId }, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.data.map((j) => j.id)).toEqual([ids[2]]);
    expect(page2.nextCursor).toBeNull();
    expect((await listReviewQueue({ status: 'PENDING', projectId, flag: 'too_fast' })).data.map((j) => j.id)).toEqual([ids[2]]);
    expect((await listReviewQueue({ status: 'PENDING', worker: workers[1] })).data.map((j) => j.id)).toEqual([ids[1]]);
    // The short code on every card finds the worker even after they picked a name of their own.
    const renamed = await db.workerProfile.update({ where: { id: workers[2] }, data: { displayName: 'Someone new' }, select: { linkingKey: true } });
    const code = renamed.linkingKey.slice(2, 8).toUpperCase();
    for (const typed of [code, `Worker ${code}`, code.toLowerCase()]) {
      expect((await listReviewQueue({ status: 'PENDING', worker: typed })).data.map((j) => j.id)).toEqual([ids[2]]);
    }

    await rejectJudgment({ kind: 'ADMIN', userId: (await db.user.create({ data: { roles: ['ADMIN'] } })).id }, ids[0], 'nope nope');
    await db.judgment.update({ where: { id: ids[0] }, data: { appealStatus: 'OPEN', appealText: 'please look again' } });
    expect((await listReviewQueue({ status: 'APPEAL', projectId })).data.map((j) => j.id)).toEqual([ids[0]]);
    expect((await listReviewQueue({ status: 'REJECTED', projectId })).data[0]).toMatchObject({ id: ids[0], reason: 'nope nope' });

    const view = await getItemReviewOrThrow(itemId);
    expect(view.judgments.map((j) => j.id)).toEqual(ids);
    expect(view.goldAnswer).toEqual({ choice: 'A' });
    // The rejected A no longer counts: one A, one B, a tie broken towards 'A'.
    expect(view.consensus).toMatchObject({ votes: 2, counts: { A: 1, B: 1 } });
  });

  it('refuses anyone who is not an admin', async () => {
    vi.mocked(requireRole).mockRejectedValue(new AppError('FORBIDDEN', 'no'));
    await expect(listReviewQueue({ status: 'PENDING' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getItemReviewOrThrow('00000000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vi.mocked(requireRole)).toHaveBeenCalledWith('ADMIN');
  });
});
