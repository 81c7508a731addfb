import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { claimNextAssignment } from './claim';
import { createTestItems, createTestProject, createTestWorkers, leaveInEscrow } from './test-fixtures';

describe('escrow gates the work a project hands out', () => {
  it('leases only as many judgments as the escrow can pay, even under concurrent claims', async () => {
    const projectId = await createTestProject({ rewardMsats: 10_000n, feeBps: 1000 });
    await createTestItems(projectId, 20);
    await leaveInEscrow(projectId, 33_000n); // 3 judgments at 11,000 msats each (reward + 10% fee)
    const workers = await createTestWorkers(12);
    const results = await Promise.all(workers.map((workerId) => claimNextAssignment(workerId, projectId)));
    expect(results.filter((r) => r.kind === 'assigned')).toHaveLength(3);
    expect(results.filter((r) => r.kind === 'none' && r.reason === 'OUT_OF_FUNDS')).toHaveLength(9);
    expect(await db.assignment.count({ where: { projectId, status: 'ACTIVE' } })).toBe(3);
  });

  it('never overcommits while concurrent claims drain an ample budget into a tight one', async () => {
    // Ample claims share the escrow lock and leave max_connections of headroom; the last ones queue one by one.
    const [{ max }] = await db.$queryRaw<{ max: number }[]>`SELECT current_setting('max_connections')::int AS max`;
    const affordable = 2 * max + 40;
    const projectId = await createTestProject({ rewardMsats: 1_000n, feeBps: 0 });
    await createTestItems(projectId, affordable + 60);
    await leaveInEscrow(projectId, 1_000n * BigInt(affordable));
    const workers = await createTestWorkers(affordable + 30);
    const results: string[] = [];
    for (let i = 0; i < workers.length; i += 24) {
      const wave = await Promise.all(workers.slice(i, i + 24).map((workerId) => claimNextAssignment(workerId, projectId)));
      results.push(...wave.map((r) => (r.kind === 'assigned' ? 'assigned' : r.reason)));
    }
    expect(results.filter((r) => r === 'assigned')).toHaveLength(affordable);
    expect(results.filter((r) => r === 'OUT_OF_FUNDS')).toHaveLength(30);
    expect(await db.assignment.count({ where: { projectId, status: 'ACTIVE' } })).toBe(affordable);
  });

  it('hands work out again once the project is funded', async () => {
    const projectId = await createTestProject({ rewardMsats: 10_000n });
    await createTestItems(projectId, 5);
    await leaveInEscrow(projectId, 0n);
    const [worker] = await createTestWorkers(1);
    expect(await claimNextAssignment(worker, projectId)).toEqual({ kind: 'none', reason: 'OUT_OF_FUNDS' });
    await db.$transaction(async (t) => {
      const project = await t.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
      const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
      const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId });
      await postTransfer(t, { debitAccountId: from.id, creditAccountId: escrow.id, amountMsats: 10_000n, idempotencyKey: `refund:${projectId}`, reason: 'DEPOSIT' });
    });
    expect((await claimNextAssignment(worker, projectId)).kind).toBe('assigned');
  });
});
