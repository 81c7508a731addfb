// Admin decisions and reads on real PostgreSQL: flagged workers (pause, ban, clear), project pause, overview,
// audit search and its CSV export route. The session is mocked as an admin.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { requireRole } = await import('@/lib/auth/viewer');
const { db } = await import('@/lib/db');
const { stopBoss } = await import('@/lib/jobs/boss');
const { createTestItems, createTestProject, createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { addTestJudgment } = await import('@/lib/exports/test-fixtures');
const { banWorkerAction, clearWorkerFlagsAction, pauseWorkerAction, reactivateWorkerAction } = await import('@/lib/fraud/actions');
const { listFlaggedWorkers, getWorkerForAdminOrThrow } = await import('@/lib/fraud/queries');
const { setProjectStatusAsAdminAction } = await import('./actions');
const { listProjectQuality } = await import('./projects');
const { getAdminOverview } = await import('./queries');
const { listMoneyInFlight } = await import('./payouts');
const { createAgentJob } = await import('@/lib/agents/test-fixtures');
const { closeAgentJob } = await import('@/lib/agents/close');
const { searchAuditLog } = await import('./audit');
const { GET: exportAudit } = await import('@/app/(admin)/admin/audit/export/route');

afterAll(() => stopBoss());

let adminId = '';
beforeEach(async () => {
  if (!adminId) adminId = (await db.user.create({ data: { roles: ['ADMIN'], email: `admin-${Date.now()}@example.test` } })).id;
  vi.mocked(requireRole).mockImplementation(async () => ({ userId: adminId, roles: ['ADMIN'] }) as never);
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

async function flag(workerId: string, kind: string, score: number) {
  await db.workerFlag.create({ data: { workerId, kind, score, details: { memberCount: 3, members: [workerId], strength: 3 } } });
}

describe('flagged workers', () => {
  it('ranks by the highest open flag and shows the figures an admin decides on', async () => {
    const [low, high, clean] = await createTestWorkers(3);
    await flag(low, 'IP_BURST', 0.5);
    await flag(high, 'SHARED_PAYOUT_NODE', 0.9);
    await flag(high, 'SIGNUP_BURST', 0.3);
    const projectId = await createTestProject();
    const [item] = await createTestItems(projectId, 1);
    await addTestJudgment({ projectId, itemId: item, workerId: high, answer: { choice: 'A' }, status: 'PENDING' });

    const rows = await listFlaggedWorkers();
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf(high)).toBeLessThan(ids.indexOf(low));
    expect(ids).not.toContain(clean);
    const top = rows.find((r) => r.id === high)!;
    expect(top).toMatchObject({ maxScore: 0.9, pendingJudgments: 1, pendingMsats: 1000n, trustScore: 0.5 });
    expect(top.flags.map((f) => f.kind)).toEqual(['SHARED_PAYOUT_NODE', 'SIGNUP_BURST']);
    const detail = await getWorkerForAdminOrThrow(high);
    expect(detail.flags).toHaveLength(2);
    await expect(getWorkerForAdminOrThrow('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pauses (flags ACTIONED), clears (flags CLEARED, status kept) and reactivates, all audited', async () => {
    const [paused, cleared] = await createTestWorkers(2);
    await flag(paused, 'IP_BURST', 0.7);
    await flag(cleared, 'IP_BURST', 0.6);

    await pauseWorkerAction(form({ workerId: paused, reason: 'Same device as 5 others' }));
    expect(await db.workerProfile.findUniqueOrThrow({ where: { id: paused } })).toMatchObject({ status: 'PAUSED', statusReason: 'Same device as 5 others' });
    expect(await db.workerFlag.findFirstOrThrow({ where: { workerId: paused } })).toMatchObject({ status: 'ACTIONED', resolvedById: adminId });

    await clearWorkerFlagsAction(form({ workerId: cleared, reason: 'University wifi' }));
    expect(await db.workerFlag.findFirstOrThrow({ where: { workerId: cleared } })).toMatchObject({ status: 'CLEARED', resolvedById: adminId });
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: cleared } })).status).toBe('ACTIVE');
    expect((await listFlaggedWorkers()).map((r) => r.id)).not.toContain(cleared);
    expect((await listFlaggedWorkers({ status: 'CLEARED' })).map((r) => r.id)).toContain(cleared);

    await reactivateWorkerAction(form({ workerId: paused, reason: 'Checked: separate people' }));
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: paused } })).status).toBe('ACTIVE');

    const actions = (await db.auditLog.findMany({ where: { targetId: { in: [paused, cleared] } }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['worker.status', 'worker.flags.action', 'worker.flags.clear', 'worker.status']);
    // A reason is required.
    await expect(pauseWorkerAction(form({ workerId: paused, reason: '' }))).rejects.toThrow();
  });

  it('bans only with the typed confirmation; pending judgments are rejected and their rewards stay in escrow', async () => {
    const [worker] = await createTestWorkers(1);
    await flag(worker, 'SHARED_PAYOUT_NODE', 0.8);
    const projectId = await createTestProject();
    const [item] = await createTestItems(projectId, 1);
    const judgmentId = await addTestJudgment({ projectId, itemId: item, workerId: worker, answer: { choice: 'A' }, status: 'PENDING' });
    // The fixture writes the judgment only; count it toward the item as a submit would.
    await db.item.update({ where: { id: item }, data: { judgmentsDone: 1, openSlots: 2 } });
    const escrowBefore = await db.ledgerAccount.findFirstOrThrow({ where: { kind: 'PROJECT_ESCROW', projectId } });

    await expect(banWorkerAction(form({ workerId: worker, reason: 'Payout ring', confirm: 'ban?' }))).rejects.toThrow();
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: worker } })).status).toBe('ACTIVE');

    await banWorkerAction(form({ workerId: worker, reason: 'Payout ring', confirm: 'BAN' }));
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: worker } })).status).toBe('BANNED');
    expect(await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).toMatchObject({ status: 'REJECTED', reason: 'account banned' });
    expect(await db.workerFlag.findFirstOrThrow({ where: { workerId: worker } })).toMatchObject({ status: 'ACTIONED' });
    expect(await db.item.findUniqueOrThrow({ where: { id: item } })).toMatchObject({ judgmentsDone: 0, openSlots: 3 });
    const escrowAfter = await db.ledgerAccount.findFirstOrThrow({ where: { kind: 'PROJECT_ESCROW', projectId } });
    expect(escrowAfter.balanceMsats).toBe(escrowBefore.balanceMsats);
    expect(await db.ledgerAccount.count({ where: { workerId: worker, balanceMsats: { not: 0n } } })).toBe(0);
  });
});

describe('projects', () => {
  it('lists quality per project and lets an admin pause and resume one, with a reason, audited', async () => {
    const projectId = await createTestProject({ title: 'Quality check' });
    const [a, b] = await createTestWorkers(2);
    const items = await createTestItems(projectId, 2);
    const [gold] = await createTestItems(projectId, 1, { isGold: true, goldAnswer: { choice: 'A' } });
    await addTestJudgment({ projectId, itemId: items[0], workerId: a, answer: { choice: 'A' }, status: 'APPROVED' });
    await addTestJudgment({ projectId, itemId: items[0], workerId: b, answer: { choice: 'B' }, status: 'REJECTED' });
    await addTestJudgment({ projectId, itemId: gold, workerId: a, answer: { choice: 'A' }, isGold: true, goldCorrect: true });
    await db.item.update({ where: { id: items[1] }, data: { judgmentsNeeded: 5 } });

    const row = (await listProjectQuality()).find((p) => p.id === projectId)!;
    expect(row).toMatchObject({ judgments: 3, approved: 2, rejected: 1, pending: 0, goldSeen: 1, goldCorrect: 1, items: 2, itemsExtended: 1, status: 'ACTIVE' });

    await setProjectStatusAsAdminAction(form({ projectId, intent: 'pause', reason: 'Spam in the instructions' }));
    expect(await db.project.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({ status: 'PAUSED', statusReason: 'Spam in the instructions' });
    await expect(setProjectStatusAsAdminAction(form({ projectId, intent: 'pause', reason: '' }))).rejects.toThrow();
    await setProjectStatusAsAdminAction(form({ projectId, intent: 'resume', reason: 'Fixed by the team' }));
    expect(await db.project.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({ status: 'ACTIVE', statusReason: null });
    const audit = await db.auditLog.findMany({ where: { targetId: projectId }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => [e.action, e.actorUserId])).toEqual([['project.admin-pause', adminId], ['project.admin-resume', adminId]]);
    expect(audit[0].before).toEqual({ status: 'ACTIVE', statusReason: null });

    await db.project.update({ where: { id: projectId }, data: { status: 'DONE' } });
    await expect(setProjectStatusAsAdminAction(form({ projectId, intent: 'resume', reason: 'nope nope' }))).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('overview', () => {
  it('adds payouts in flight and failed, appeals, flagged workers and the reconciler to the money figures', async () => {
    const [worker] = await createTestWorkers(1);
    await flag(worker, 'IP_BURST', 0.5);
    await db.withdrawal.create({ data: { workerId: worker, kind: 'LNURL_WITHDRAW', bolt11: 'lnbcrt1x', paymentHash: 'h-unknown', amountMsats: 7_000n, feeLimitMsats: 100n, status: 'UNKNOWN' } });
    await db.withdrawal.create({ data: { workerId: worker, kind: 'LNURL_WITHDRAW', bolt11: 'lnbcrt1y', paymentHash: 'h-failed', amountMsats: 3_000n, feeLimitMsats: 100n, status: 'FAILED' } });
    const overview = await getAdminOverview();
    expect(overview.payoutsInFlight.UNKNOWN).toEqual({ count: 1, msats: 7_000n });
    expect(overview.payoutsFailed24h).toEqual({ count: 1, msats: 3_000n });
    expect(overview.workersWithOpenFlags).toBeGreaterThanOrEqual(1);
    expect(overview.reconciler.stuckPayouts).toBe(1);
    expect(typeof overview.openAppeals).toBe('number');
    expect(overview.ledgerSumMsats).toBe(0n);
    expect(overview).toMatchObject({ agentRefundsOwedMsats: 0n, agentRefundsGivenUp: 0 });

    // The payouts page names them, oldest first, with who and why.
    const { payouts } = await listMoneyInFlight();
    const mine = payouts.filter((p) => p.workerId === worker);
    expect(mine.map((p) => [p.status, p.amountMsats])).toEqual([['UNKNOWN', 7_000n], ['FAILED', 3_000n]]);
    expect(mine[0].workerName).toBeTruthy();

    // A closed agent job's refund waiting to be paid is listed with what it owes.
    const job = await createAgentJob({ paidMsats: 50_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: 'agent@wallet.example' });
    await closeAgentJob(job.jobId, 'CANCELLED');
    const { refunds } = await listMoneyInFlight();
    expect(refunds.filter((r) => r.jobId === job.jobId)).toEqual([
      expect.objectContaining({ owedMsats: 50_000n, status: 'PENDING', givenUp: false, refundTarget: 'agent@wallet.example', projectTitle: 'Agent job' }),
    ]);
  });
});

describe('audit log', () => {
  it('searches by action prefix, actor, target and dates, pages by keyset, and exports CSV', async () => {
    const targetId = crypto.randomUUID();
    for (let i = 0; i < 5; i++) {
      await db.auditLog.create({ data: { actorKind: 'USER', actorUserId: adminId, action: `zz.test.${i % 2 ? 'odd' : 'even'}`, targetType: 'Thing', targetId, before: { n: i }, after: { n: i + 1, note: i === 0 ? '=SUM(A1)' : 'x' } } });
    }
    await db.auditLog.create({ data: { actorKind: 'SYSTEM', action: 'zz.test.system', targetType: 'Thing', targetId } });

    expect((await searchAuditLog({ action: 'zz.test.' })).entries).toHaveLength(6);
    expect((await searchAuditLog({ action: 'zz.test.odd' })).entries).toHaveLength(2);
    expect((await searchAuditLog({ action: 'zz.', actor: 'SYSTEM' })).entries).toHaveLength(1);
    const me = await db.user.findUniqueOrThrow({ where: { id: adminId } });
    expect((await searchAuditLog({ action: 'zz.', actor: me.email!.toUpperCase() })).entries).toHaveLength(5);
    expect((await searchAuditLog({ targetType: 'Thing', targetId, actor: adminId })).entries).toHaveLength(5);
    expect((await searchAuditLog({ action: 'zz.', from: new Date(Date.now() + 60_000) })).entries).toHaveLength(0);

    const page1 = await searchAuditLog({ action: 'zz.test.' }, 4);
    expect(page1.entries.map((e) => e.action)[0]).toBe('zz.test.system'); // newest first
    const page2 = await searchAuditLog({ action: 'zz.test.', before: page1.nextBefore! }, 4);
    expect(page2.entries).toHaveLength(2);
    expect(page2.nextBefore).toBeNull();
    expect(new Set([...page1.entries, ...page2.entries].map((e) => e.id)).size).toBe(6);

    const response = await exportAudit(new Request(`http://localhost/admin/audit/export?action=zz.test.&targetId=${targetId}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,created_at,actor_kind,actor_user_id,actor_email,action,target_type,target_id,before,after,ip,request_id');
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.includes('zz.test.even') && l.includes('SUM'))).toContain(`"{""n"":1,""note"":""=SUM(A1)""}"`);
    expect((await exportAudit(new Request('http://localhost/admin/audit/export?from=not-a-date'))).status).toBe(422);
  });
});
