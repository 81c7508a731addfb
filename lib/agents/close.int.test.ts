import { afterAll, describe, expect, it } from 'vitest';

const { db } = await import('@/lib/db');
const { getAccountBalance, getLedgerSum, getOrCreateAccount } = await import('@/lib/ledger/accounts');
const { postTransfer } = await import('@/lib/ledger/transfer');
const { judgmentCostMsats } = await import('@/lib/ledger/money');
const { approveJudgment, rejectJudgment, appealJudgment, resolveAppeal } = await import('@/lib/judgments/review');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { stopBoss } = await import('@/lib/jobs/boss');
const { createAgentJob, submitJudgment, startAgentLnurlServer, randomHex, LOCAL_HOOKS } = await import('./test-fixtures');
const { closeAgentJob, releaseLateLeftovers } = await import('./close');
const { sendAgentRefund } = await import('./refunds');
const { sweepAgentJobs } = await import('./sweep');

const platform = createWalletNode(randomHex());
const agentSeed = randomHex();
const lnurl = await startAgentLnurlServer(agentSeed);
const HOOKS = { ...LOCAL_HOOKS, backend: platform, answerWithinMs: 5000 };
const COST = judgmentCostMsats(21_000n, 500); // 22_050

afterAll(async () => {
  await stopBoss();
  await lnurl.close();
});

type Fixture = Awaited<ReturnType<typeof createAgentJob>>;
const escrowOf = (f: Fixture) => getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: f.teamId, projectId: f.projectId });
const refundBalanceOf = (f: Fixture) => getAccountBalance(db, { kind: 'AGENT_REFUND', teamId: f.teamId, projectId: f.projectId });
const coveredBy = (r: { amountMsats: bigint; feeLimitMsats: bigint }) => r.amountMsats + r.feeLimitMsats;

describe('closeAgentJob', () => {
  it('keeps the cost of pending judgments, refunds the rest, and releases a later rejection once', async () => {
    const f = await createAgentJob({ paidMsats: 1_000_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address, items: 5 });
    const [a, b, c, d] = await Promise.all(f.itemIds.slice(0, 4).map((itemId) => submitJudgment(f, itemId)));
    await approveJudgment({ kind: 'AUTO' }, a);
    await approveJudgment({ kind: 'AUTO' }, b);
    const worker = await db.user.create({ data: { roles: ['WORKER'], workerProfile: { create: { linkingKey: `02${randomHex()}`, displayName: 'L' } } }, select: { workerProfile: true } });
    const lease = await db.assignment.create({ data: { itemId: f.itemIds[4], projectId: f.projectId, workerId: worker.workerProfile!.id, leaseExpiresAt: new Date(Date.now() + 600_000) } });

    const closed = await closeAgentJob(f.jobId, 'DONE');
    // Paid minus two approved minus two still pending (c, d).
    const firstRelease = 1_000_000n - 4n * COST;
    expect(closed).toMatchObject({ closed: true, releasedMsats: firstRelease });
    expect(await escrowOf(f)).toBe(2n * COST);
    expect(await refundBalanceOf(f)).toBe(firstRelease);
    const job = await db.agentJob.findUniqueOrThrow({ where: { id: f.jobId }, include: { project: true } });
    expect(job).toMatchObject({ status: 'DONE', project: { status: 'DONE', statusReason: expect.stringMatching(/finished/) } });
    expect(job.completedAt).toBeInstanceOf(Date);
    expect(job.project.closedAt).toBeInstanceOf(Date);
    expect((await db.assignment.findUniqueOrThrow({ where: { id: lease.id } })).status).toBe('EXPIRED');
    const [refund] = await db.agentRefund.findMany({ where: { agentJobId: f.jobId } });
    expect(refund).toMatchObject({ id: closed.refundId, status: 'PENDING' });
    expect(coveredBy(refund)).toBe(firstRelease);
    expect(await db.ledgerTransfer.findUniqueOrThrow({ where: { idempotencyKey: `agent-job:${f.jobId}:release:1` } })).toMatchObject({ agentRefundId: refund.id, amountMsats: firstRelease });

    // Closing again, in any outcome, moves nothing; neither does a late-release pass with nothing freed.
    expect(await closeAgentJob(f.jobId, 'CANCELLED')).toEqual({ closed: false, releasedMsats: 0n, refundId: null });
    expect(await releaseLateLeftovers()).toEqual({ released: 0, failed: 0 });
    expect(await escrowOf(f)).toBe(2n * COST);

    // An approval after the close pays from what was kept: still nothing to release.
    await approveJudgment({ kind: 'AUTO' }, c);
    expect(await releaseLateLeftovers()).toEqual({ released: 0, failed: 0 });
    expect(await escrowOf(f)).toBe(COST);

    // A rejection keeps its cost while the worker may still appeal (72 h), then frees it: released once,
    // whatever the number of passes.
    await rejectJudgment({ kind: 'AUTO' }, d, 'flagged and confirmed spam');
    expect(await releaseLateLeftovers()).toEqual({ released: 0, failed: 0 });
    expect(await escrowOf(f)).toBe(COST);
    await db.judgment.update({ where: { id: d }, data: { reviewedAt: new Date(Date.now() - 73 * 3600_000) } });
    expect(await releaseLateLeftovers()).toEqual({ released: 1, failed: 0 });
    expect(await releaseLateLeftovers()).toEqual({ released: 0, failed: 0 });
    expect(await escrowOf(f)).toBe(0n);
    expect(await refundBalanceOf(f)).toBe(firstRelease + COST);
    const releases = await db.ledgerTransfer.findMany({ where: { idempotencyKey: { startsWith: `agent-job:${f.jobId}:release:` } }, orderBy: { idempotencyKey: 'asc' } });
    expect(releases.map((t) => [t.idempotencyKey.split(':').at(-1), t.amountMsats, t.reason])).toEqual([
      ['1', firstRelease, 'ESCROW_RELEASE'],
      ['2', COST, 'ESCROW_RELEASE'],
    ]);

    for (let round = 0; round < 10; round++) {
      const pending = await db.agentRefund.findMany({ where: { agentJobId: f.jobId, status: 'PENDING' } });
      if (pending.length === 0) break;
      for (const r of pending) expect(await sendAgentRefund(r.id, HOOKS)).toBe('PAID');
    }
    expect(await refundBalanceOf(f)).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('keeps a rejection payable while its worker may appeal: an upheld appeal is paid from escrow, a late one is refused', async () => {
    const f = await createAgentJob({ paidMsats: 1_000_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address, items: 3 });
    const [early, late] = await Promise.all(f.itemIds.slice(0, 2).map((itemId) => submitJudgment(f, itemId)));
    await rejectJudgment({ kind: 'AUTO' }, early, 'too fast');
    await rejectJudgment({ kind: 'AUTO' }, late, 'too fast');
    await db.judgment.update({ where: { id: late }, data: { reviewedAt: new Date(Date.now() - 73 * 3600_000) } });

    const closed = await closeAgentJob(f.jobId, 'CANCELLED');
    expect(closed.releasedMsats).toBe(1_000_000n - COST); // only the rejection still inside its window is kept
    expect(await escrowOf(f)).toBe(COST);

    const owner = async (judgmentId: string) => {
      const { workerId } = await db.judgment.findUniqueOrThrow({ where: { id: judgmentId }, select: { workerId: true } });
      const { userId } = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true } });
      return { userId, workerId };
    };
    await expect(appealJudgment(await owner(late), late, 'I was careful, please look again.')).rejects.toThrow(/appeals were open for 72 hours/);
    await appealJudgment(await owner(early), early, 'I was careful, please look again.');
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    expect(await resolveAppeal({ kind: 'ADMIN', userId: admin.id }, early, 'UPHOLD')).toEqual({ paid: true });
    expect(await escrowOf(f)).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('an upheld appeal in a finished job whose escrow is spent is paid by the platform from fee income', async () => {
    const f = await createAgentJob({ paidMsats: COST, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address, items: 1 });
    const wrong = await submitJudgment(f, f.itemIds[0]);
    await rejectJudgment({ kind: 'AUTO' }, wrong, 'looked like spam');
    await db.item.update({ where: { id: f.itemIds[0] }, data: { status: 'OPEN', openSlots: 1, judgmentsDone: 0, completedAt: null } });
    const redone = await submitJudgment(f, f.itemIds[0]);
    await approveJudgment({ kind: 'AUTO' }, redone);
    expect(await escrowOf(f)).toBe(0n);
    expect((await closeAgentJob(f.jobId, 'DONE')).releasedMsats).toBe(0n);

    // The platform has earned fees elsewhere.
    await db.$transaction(async (t) => {
      const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
      const income = await getOrCreateAccount(t, { kind: 'FEE_INCOME', shard: 7 });
      await postTransfer(t, { debitAccountId: from.id, creditAccountId: income.id, amountMsats: 100_000n, idempotencyKey: `fees-earned:${f.jobId}`, reason: 'ADJUSTMENT' });
    });
    const { workerId } = await db.judgment.findUniqueOrThrow({ where: { id: wrong }, select: { workerId: true } });
    const { userId } = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true } });
    await appealJudgment({ userId, workerId }, wrong, 'It was a real answer, please look again.');
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    expect(await resolveAppeal({ kind: 'ADMIN', userId: admin.id }, wrong, 'UPHOLD')).toEqual({ paid: true });

    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(21_000n);
    expect(await escrowOf(f)).toBe(0n);
    const cover = await db.ledgerTransfer.findUniqueOrThrow({ where: { idempotencyKey: `judgment:${wrong}:appeal-cover` } });
    expect(cover).toMatchObject({ amountMsats: COST, reason: 'ADJUSTMENT' });
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('sends a leftover under 3 sats to fee income instead of opening a refund nobody could route', async () => {
    const f = await createAgentJob({ paidMsats: 2n * COST + 2_500n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    await submitJudgment(f, f.itemIds[0]);
    await submitJudgment(f, f.itemIds[1]);
    const closed = await closeAgentJob(f.jobId, 'CANCELLED');
    expect(closed).toEqual({ closed: true, releasedMsats: 2_500n, refundId: null });
    expect(await db.agentRefund.count({ where: { agentJobId: f.jobId } })).toBe(0);
    expect(await escrowOf(f)).toBe(2n * COST);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('closes concurrently exactly once', async () => {
    const f = await createAgentJob({ paidMsats: 800_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const results = await Promise.all([closeAgentJob(f.jobId, 'CANCELLED'), closeAgentJob(f.jobId, 'EXPIRED'), closeAgentJob(f.jobId, 'DONE')]);
    expect(results.filter((r) => r.closed)).toHaveLength(1);
    expect(await refundBalanceOf(f)).toBe(800_000n);
    expect(await db.agentRefund.count({ where: { agentJobId: f.jobId } })).toBe(1);
  });
});

describe('sweepAgentJobs', () => {
  it('closes a job whose items are all done and one past its deadline, and leaves a running job alone', async () => {
    const finished = await createAgentJob({ paidMsats: 500_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address, items: 2 });
    for (const itemId of finished.itemIds) await approveJudgment({ kind: 'AUTO' }, await submitJudgment(finished, itemId));
    // A gold item still open does not keep a job running.
    await db.item.create({ data: { projectId: finished.projectId, externalId: 'gold', payload: {}, isGold: true, judgmentsNeeded: 1, openSlots: 1 } });
    const overdue = await createAgentJob({ paidMsats: 400_000n, refundKind: 'LNURL_PAY', refundTarget: lnurl.lnurl, deadlineAt: new Date(Date.now() - 1000) });
    const running = await createAgentJob({ paidMsats: 300_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    await submitJudgment(running, running.itemIds[0]);

    const result = await sweepAgentJobs(new Date(), { backend: platform });
    expect(result).toMatchObject({ done: 1, expired: 1 });
    const statusOf = async (f: Fixture) => (await db.agentJob.findUniqueOrThrow({ where: { id: f.jobId } })).status;
    expect(await statusOf(finished)).toBe('DONE');
    expect(await statusOf(overdue)).toBe('EXPIRED');
    expect(await statusOf(running)).toBe('ACTIVE');
    expect(await refundBalanceOf(finished)).toBe(500_000n - 2n * COST);
    expect(await refundBalanceOf(overdue)).toBe(400_000n);
    expect(await refundBalanceOf(running)).toBe(0n);
    // A second sweep finds nothing new to close.
    expect(await sweepAgentJobs(new Date(), { backend: platform })).toMatchObject({ done: 0, expired: 0, lateReleases: 0 });
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
