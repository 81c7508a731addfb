import { createHash } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const { db } = await import('@/lib/db');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { stopBoss } = await import('@/lib/jobs/boss');
const { setPayoutsPaused } = await import('@/lib/payouts/switch');
const { createAgentJob, startAgentLnurlServer, randomHex, LOCAL_HOOKS } = await import('./test-fixtures');
const { closeAgentJob } = await import('./close');
const { retryGivenUpRefund } = await import('./retry');
const { sendAgentRefund, reconcileAgentRefunds } = await import('./refunds');
const { listDueRefunds, MAX_REFUND_ATTEMPTS, DUST_MEMO } = await import('./refund-ledger');

// The platform's node and the agent's node: two simulated nodes (own random seeds) on the shared SimInvoice network.
const platform = createWalletNode(randomHex());
const agentSeed = randomHex();
const agentNode = createWalletNode(agentSeed);
const lnurl = await startAgentLnurlServer(agentSeed);
const HOOKS = { ...LOCAL_HOOKS, backend: platform, answerWithinMs: 5000 };

afterAll(async () => {
  await stopBoss();
  await lnurl.close();
});

beforeEach(async () => {
  lnurl.state.mode = 'ok';
  lnurl.state.maxSendable = 1_000_000_000;
  platform.faults = { mode: 'none' };
  await setPayoutsPaused(false);
});

type Fixture = Awaited<ReturnType<typeof createAgentJob>>;
const refundBalance = (f: Fixture) => getAccountBalance(db, { kind: 'AGENT_REFUND', teamId: f.teamId, projectId: f.projectId });
const escrowBalance = (f: Fixture) => getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: f.teamId, projectId: f.projectId });
const refundsOf = (f: Fixture) => db.agentRefund.findMany({ where: { agentJobId: f.jobId }, orderBy: { createdAt: 'asc' } });
const pendingOf = async (f: Fixture) => (await refundsOf(f)).filter((r) => r.status === 'PENDING');
const receivedBy = async (hashes: (string | null)[]) => {
  let total = 0n;
  for (const hash of hashes) {
    const state = await agentNode.getInvoice(hash!);
    if (state.status === 'PAID') total += state.amountReceivedMsats!;
  }
  return total;
};
const dustOf = async (f: Fixture) => {
  const refundIds = (await refundsOf(f)).map((r) => r.id);
  const dust = await db.ledgerTransfer.findMany({ where: { memo: DUST_MEMO, OR: [{ idempotencyKey: { startsWith: `agent-job:${f.jobId}:` } }, ...refundIds.map((id) => ({ idempotencyKey: `agent-refund:${id}:dust` }))] } });
  return dust.reduce((sum, t) => sum + t.amountMsats, 0n);
};

/** Sends every PENDING attempt of the job (the follow-ups a paid refund opens too) until none is left. */
async function payAllRefunds(f: Fixture) {
  for (let round = 0; round < 10; round++) {
    const pending = await pendingOf(f);
    if (pending.length === 0) return;
    for (const refund of pending) expect(await sendAgentRefund(refund.id, HOOKS)).toBe('PAID');
  }
  throw new Error('refunds did not finish');
}

/** Every refund of the job is PAID with a preimage of its hash, the agent got exactly the invoices, and the books close. */
async function expectFullyRefunded(f: Fixture, releasedMsats: bigint) {
  const refunds = await refundsOf(f);
  const paid = refunds.filter((r) => r.status === 'PAID');
  // Failed attempts moved nothing and were each followed by a retry; nothing is left open.
  expect(refunds.filter((r) => r.status !== 'FAILED')).toEqual(paid);
  for (const r of paid) expect(createHash('sha256').update(Buffer.from(r.preimage!, 'hex')).digest('hex')).toBe(r.paymentHash);
  const invoiced = paid.reduce((sum, r) => sum + r.amountMsats, 0n);
  const fees = paid.reduce((sum, r) => sum + r.feeMsats!, 0n);
  expect(await receivedBy(paid.map((r) => r.paymentHash))).toBe(invoiced);
  const dust = await dustOf(f);
  // Only the last remainder, under 3 sats, is not sent back: it is fee income with a memo.
  expect(dust).toBeLessThan(3000n);
  expect(invoiced + fees + dust).toBe(releasedMsats);
  expect(await refundBalance(f)).toBe(0n);
  expect(await getLedgerSum(db)).toBe(0n);
}

describe('agent refunds over Lightning', () => {
  it('cancel with no work done refunds everything to a Lightning Address, to the msat', async () => {
    const f = await createAgentJob({ paidMsats: 50_000_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const closed = await closeAgentJob(f.jobId, 'CANCELLED');
    expect(closed).toMatchObject({ closed: true, releasedMsats: 50_000_000n });
    expect(await escrowBalance(f)).toBe(0n);
    expect(await refundBalance(f)).toBe(50_000_000n);
    const [first] = await refundsOf(f);
    expect(first).toMatchObject({ id: closed.refundId, status: 'PENDING' });
    expect(first.amountMsats + first.feeLimitMsats).toBe(50_000_000n);

    expect(await sendAgentRefund(first.id, HOOKS)).toBe('PAID');
    const paid = await db.agentRefund.findUniqueOrThrow({ where: { id: first.id } });
    expect(paid.amountMsats % 1000n).toBe(0n);
    expect(await receivedBy([paid.paymentHash])).toBe(paid.amountMsats);
    const booked = await db.ledgerTransfer.findMany({ where: { agentRefundId: first.id }, orderBy: { createdAt: 'asc' } });
    expect(booked.map((t) => [t.reason, t.amountMsats])).toEqual([
      ['ESCROW_RELEASE', 50_000_000n],
      ['AGENT_REFUND', paid.amountMsats],
      ['ROUTING_FEE', paid.feeMsats],
    ]);
    // Sending again does nothing: the attempt is final.
    expect(await sendAgentRefund(first.id, HOOKS)).toBe('PAID');
    await payAllRefunds(f);
    await expectFullyRefunded(f, 50_000_000n);
    expect((await db.agentJob.findUniqueOrThrow({ where: { id: f.jobId } })).status).toBe('CANCELLED');
  });

  it('pays bech32 LNURL and lnurlp:// targets', async () => {
    for (const target of [lnurl.lnurl, lnurl.lud17]) {
      const f = await createAgentJob({ paidMsats: 300_000n, refundKind: 'LNURL_PAY', refundTarget: target });
      const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
      expect(await sendAgentRefund(refundId!, HOOKS)).toBe('PAID');
      await payAllRefunds(f);
      await expectFullyRefunded(f, 300_000n);
    }
  });

  it('refuses an LNURL-pay target on a private host without the test hooks, and fails the attempt', async () => {
    const f = await createAgentJob({ paidMsats: 300_000n, refundKind: 'LNURL_PAY', refundTarget: lnurl.lud17 });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    expect(await sendAgentRefund(refundId!, { backend: platform })).toBe('FAILED');
    const failed = await db.agentRefund.findUniqueOrThrow({ where: { id: refundId! } });
    expect(failed.failureReason).toMatch(/https|public domain/);
    expect(await refundBalance(f)).toBe(300_000n);
  });

  it('LNURL server down: FAILED, retried after its backoff, paid once', async () => {
    const f = await createAgentJob({ paidMsats: 400_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'EXPIRED');
    lnurl.state.mode = 'down';
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('FAILED');
    const failed = await db.agentRefund.findUniqueOrThrow({ where: { id: refundId! } });
    expect(failed).toMatchObject({ status: 'FAILED', paymentHash: null });
    expect(failed.failureReason).toMatch(/Could not reach/);
    expect(await refundBalance(f)).toBe(400_000n);
    const [retry] = await pendingOf(f);
    expect(retry.amountMsats + retry.feeLimitMsats).toBe(400_000n);
    // One failure: the retry waits 5 minutes.
    expect(await listDueRefunds(new Date(retry.createdAt.getTime() + 60_000))).not.toContain(retry.id);
    expect(await listDueRefunds(new Date(retry.createdAt.getTime() + 5 * 60_000))).toContain(retry.id);

    lnurl.state.mode = 'ok';
    expect(await sendAgentRefund(retry.id, HOOKS)).toBe('PAID');
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('FAILED');
    expect(await sendAgentRefund(retry.id, HOOKS)).toBe('PAID');
    await payAllRefunds(f);
    await expectFullyRefunded(f, 400_000n);
  });

  it(`gives up after ${MAX_REFUND_ATTEMPTS} failures in a row and leaves the money owed`, async () => {
    const f = await createAgentJob({ paidMsats: 200_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    await closeAgentJob(f.jobId, 'CANCELLED');
    lnurl.state.mode = 'error';
    for (let attempt = 1; attempt <= MAX_REFUND_ATTEMPTS; attempt++) {
      const [next] = await pendingOf(f);
      expect(next).toBeDefined();
      expect(await sendAgentRefund(next.id, HOOKS)).toBe('FAILED');
    }
    const refunds = await refundsOf(f);
    expect(refunds).toHaveLength(MAX_REFUND_ATTEMPTS);
    expect(refunds.every((r) => r.status === 'FAILED' && /wallet offline/.test(r.failureReason ?? ''))).toBe(true);
    expect(await refundBalance(f)).toBe(200_000n);
    expect(await getLedgerSum(db)).toBe(0n);

    // An admin tries again once the agent's wallet is back: one new attempt, for what is still owed.
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    lnurl.state.mode = 'ok';
    const { refundId } = await retryGivenUpRefund({ userId: admin.id }, f.jobId);
    await expect(retryGivenUpRefund({ userId: admin.id }, f.jobId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await sendAgentRefund(refundId, HOOKS)).toBe('PAID');
    await payAllRefunds(f);
    await expect(retryGivenUpRefund({ userId: admin.id }, f.jobId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await db.auditLog.count({ where: { action: 'agent_refund.retry', targetId: f.jobId } })).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('node reports FAILED: nothing leaves AGENT_REFUND, the retry pays', async () => {
    const f = await createAgentJob({ paidMsats: 500_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    const paidOutBefore = await getAccountBalance(db, { kind: 'LIGHTNING_OUT' });
    platform.faults = { mode: 'fail' };
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('FAILED');
    const failed = await db.agentRefund.findUniqueOrThrow({ where: { id: refundId! } });
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'simulated failure' });
    expect(await receivedBy([failed.paymentHash])).toBe(0n);
    expect(await refundBalance(f)).toBe(500_000n);
    expect(await getAccountBalance(db, { kind: 'LIGHTNING_OUT' })).toBe(paidOutBefore);

    platform.faults = { mode: 'none' };
    const [retry] = await pendingOf(f);
    expect(await sendAgentRefund(retry.id, HOOKS)).toBe('PAID');
    await payAllRefunds(f);
    await expectFullyRefunded(f, 500_000n);
  });

  it('a refund in flight stays UNKNOWN with its money held; the reconciler books it once when the node decides', async () => {
    const f = await createAgentJob({ paidMsats: 600_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    platform.faults = { mode: 'in_flight_forever' };
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('UNKNOWN');
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await reconcileAgentRefunds({ backend: platform, now: later })).toEqual({ UNKNOWN: 1 });
    expect(await refundBalance(f)).toBe(600_000n);
    expect(await pendingOf(f)).toHaveLength(0);

    platform.faults = { mode: 'none' };
    expect(await reconcileAgentRefunds({ backend: platform, now: later })).toEqual({ PAID: 1 });
    expect(await reconcileAgentRefunds({ backend: platform, now: later })).toEqual({});
    await payAllRefunds(f);
    await expectFullyRefunded(f, 600_000n);
  });

  it('a lost reply after paying is booked PAID by the reconciler, never sent twice', async () => {
    const f = await createAgentJob({ paidMsats: 700_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    platform.faults = { mode: 'pay_then_timeout' };
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('UNKNOWN');
    platform.faults = { mode: 'none' };
    const invoicesBefore = lnurl.state.invoices.length;
    expect(await reconcileAgentRefunds({ backend: platform, now: new Date(Date.now() + 10 * 60_000) })).toEqual({ PAID: 1 });
    // The reconciler asked the node by hash; it fetched no new invoice.
    expect(lnurl.state.invoices.length).toBe(invoicesBefore);
    await payAllRefunds(f);
    await expectFullyRefunded(f, 700_000n);
  });

  it('does nothing while payouts are paused', async () => {
    const f = await createAgentJob({ paidMsats: 300_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    await setPayoutsPaused(true);
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('PAUSED');
    expect((await db.agentRefund.findUniqueOrThrow({ where: { id: refundId! } })).status).toBe('PENDING');
    await setPayoutsPaused(false);
    await payAllRefunds(f);
    await expectFullyRefunded(f, 300_000n);
  });

  it('sends what the service accepts at most, and the rest as a follow-up', async () => {
    const f = await createAgentJob({ paidMsats: 900_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: lnurl.address });
    const { refundId } = await closeAgentJob(f.jobId, 'CANCELLED');
    lnurl.state.maxSendable = 500_000;
    expect(await sendAgentRefund(refundId!, HOOKS)).toBe('PAID');
    expect((await db.agentRefund.findUniqueOrThrow({ where: { id: refundId! } })).amountMsats).toBe(500_000n);
    expect(await refundBalance(f)).toBeGreaterThan(390_000n);
    await payAllRefunds(f);
    await expectFullyRefunded(f, 900_000n);
  });
});
