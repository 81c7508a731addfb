import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { getAccountBalance, getLedgerSum } from '@/lib/ledger/accounts';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { closeProject } from './close';

describe('closing a project', () => {
  it('ends the work, keeps what pending judgments may cost, and returns the rest to the team', async () => {
    const projectId = await createTestProject({ rewardMsats: 10_000n });
    const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    const user = await db.user.create({ data: { email: 'closer@team.example', roles: ['REQUESTER'] } });
    await db.teamMember.create({ data: { teamId, userId: user.id } });
    await createTestItems(projectId, 3);
    const [worker] = await createTestWorkers(1);
    const claim = await claimNextAssignment(worker, projectId);
    expect(claim.kind).toBe('assigned');
    const before = await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId, projectId });

    const { releasedMsats } = await closeProject({ userId: user.id }, projectId);
    expect(releasedMsats).toBe(before); // the live lease ended, nothing is pending
    expect(await getAccountBalance(db, { kind: 'TEAM_ESCROW', teamId })).toBe(before);
    expect(await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId, projectId })).toBe(0n);
    expect(await db.assignment.count({ where: { projectId, status: 'ACTIVE' } })).toBe(0);
    expect(await claimNextAssignment(worker, projectId)).toEqual({ kind: 'none', reason: 'PROJECT_NOT_ACTIVE' });
    await expect(closeProject({ userId: user.id }, projectId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('is refused to people outside the team', async () => {
    const projectId = await createTestProject();
    const outsider = await db.user.create({ data: { email: 'outsider@x.example', roles: ['REQUESTER'] } });
    await expect(closeProject({ userId: outsider.id }, projectId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
