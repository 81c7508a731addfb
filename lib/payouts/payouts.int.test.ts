import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fundedWorker, randomSeed, startLnurlServer } from './test-support';

const lnurlServer = await startLnurlServer();
const { db } = await import('@/lib/db');
const { getLightningBackend, SimLightningBackend } = await import('@/lib/lightning');
const { getAccountBalance, getLedgerSum, getOrCreateAccount } = await import('@/lib/ledger/accounts');
const { postTransfer } = await import('@/lib/ledger/transfer');
const { approveJudgment } = await import('@/lib/judgments/review');
const { createWithdrawLink, expireWithdrawLinks } = await import('./links');
const { acceptWithdrawCallback } = await import('./withdraw-callback');
const { sendPayout, reconcilePayouts } = await import('./send');
const { reserveFor } = await import('./policy');
const { setPayoutsPaused } = await import('./switch');
const { withdrawWithLnurl, waitForPayment } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { makeTestInvoice } = await import('@/lib/lightning/__fixtures__/test-invoices');
const { stopBoss } = await import('@/lib/jobs/boss');

const platform = getLightningBackend() as InstanceType<typeof SimLightningBackend>;

afterAll(async () => {
  await stopBoss();
  await lnurlServer.close();
});

beforeEach(() => {
  platform.faults = { mode: 'none' };
});

const available = (workerId: string) => getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId });
const reserved = (workerId: string) => getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId });
const k1Of = (lnurlw: string) => new URL(lnurlw.replace('lnurlw://', 'http://')).searchParams.get('k1')!;

async function payoutOf(linkId: string) {
  return db.withdrawal.findFirstOrThrow({ where: { linkId }, orderBy: { createdAt: 'desc' } });
}

describe('approval pays from escrow', () => {
  it('moves the reward from the project escrow to the worker, once', async () => {
    const team = await db.team.create({ data: { name: 'T', slug: `t-${randomSeed().slice(0, 12)}` } });
    const workerId = await fundedWorker(1n);
    const project = await db.project.create({ data: { teamId: team.id, title: 'P', taskType: 'WRITING', typeConfig: {}, rewardMsats: 21_000n, feeBps: 500, status: 'ACTIVE' } });
    const item = await db.item.create({ data: { projectId: project.id, externalId: 'i', payload: {}, judgmentsNeeded: 1, openSlots: 0, judgmentsDone: 1 } });
    const assignment = await db.assignment.create({ data: { itemId: item.id, projectId: project.id, workerId, leaseExpiresAt: new Date(), status: 'SUBMITTED' } });
    const judgment = await db.judgment.create({ data: { assignmentId: assignment.id, itemId: item.id, projectId: project.id, workerId, answer: { text: 'x' }, durationMs: 1000, rewardMsats: 21_000n } });
    await expect(approveJudgment({ kind: 'AUTO' }, judgment.id)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect((await db.judgment.findUniqueOrThrow({ where: { id: judgment.id } })).status).toBe('PENDING');

    await db.$transaction(async (t) => {
      const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
      const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: team.id, projectId: project.id });
      await postTransfer(t, { debitAccountId: from.id, creditAccountId: escrow.id, amountMsats: 100_000n, idempotencyKey: `dep:${project.id}`, reason: 'DEPOSIT' });
    });
    await approveJudgment({ kind: 'AUTO' }, judgment.id);
    await approveJudgment({ kind: 'AUTO' }, judgment.id);
    expect(await available(workerId)).toBe(21_001n);
    expect(await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: team.id, projectId: project.id })).toBe(100_000n - 21_000n - 1_050n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});

describe('LNURL-withdraw', () => {
  it('pays a worker through a phone wallet over real HTTP, with the preimage as proof', async () => {
    const workerId = await fundedWorker(50_000n);
    const link = await createWithdrawLink(workerId);
    expect(await available(workerId)).toBe(50_000n - reserveFor(link.amountMsats));
    const wallet = createWalletNode(randomSeed());
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet, allowedOrigins: [lnurlServer.origin] });
    expect(result).toMatchObject({ ok: true, amountMsats: link.amountMsats });
    if (!result.ok) throw new Error(result.reason);
    // The callback's server pays once its answer is out: no job runs here.
    expect((await waitForPayment(wallet, result.paymentHash, { timeoutMs: 5000 })).status).toBe('PAID');
    await lnurlServer.settled();
    expect(await sendPayout((await payoutOf(link.linkId)).id)).toBe('PAID');
    const payout = await payoutOf(link.linkId);
    expect(payout.status).toBe('PAID');
    expect(payout.preimage).toMatch(/^[0-9a-f]{64}$/);
    expect(await reserved(workerId)).toBe(0n);
    expect(await available(workerId)).toBe(50_000n - link.amountMsats - payout.feeMsats!);
    expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: link.linkId } })).status).toBe('USED');
    expect(await getLedgerSum(db)).toBe(0n);
    // The link is spent: its GET now answers ERROR.
    const again = await fetch(`${lnurlServer.origin}/api/lnurl/withdraw?k1=${k1Of(link.lnurlw)}`);
    expect(await again.json()).toMatchObject({ status: 'ERROR' });
  });

  it('accepts exactly one of 100 concurrent callbacks for one k1', async () => {
    const workerId = await fundedWorker(80_000n);
    const link = await createWithdrawLink(workerId);
    const k1 = k1Of(link.lnurlw);
    const wallets = Array.from({ length: 100 }, () => createWalletNode(randomSeed()));
    const invoices = await Promise.all(wallets.map((w) => w.createInvoice({ amountMsats: 10_000n, description: 'x', expirySeconds: 600 })));
    const replies = await Promise.all(
      invoices.map(async (invoice) => (await fetch(`${lnurlServer.origin}/api/lnurl/withdraw/callback?k1=${k1}&pr=${invoice.bolt11}`)).json()),
    );
    expect(replies.filter((r) => r.status === 'OK')).toHaveLength(1);
    expect(await db.withdrawal.count({ where: { linkId: link.linkId } })).toBe(1);
    await lnurlServer.settled();
    expect((await payoutOf(link.linkId)).status).toBe('PAID');
    const paid = await Promise.all(invoices.map((i) => wallets[invoices.indexOf(i)].getInvoice(i.paymentHash)));
    expect(paid.filter((s) => s.status === 'PAID')).toHaveLength(1);
  });

  it('answers every bad invoice with a clear ERROR and changes nothing', async () => {
    const workerId = await fundedWorker(30_000n);
    const link = await createWithdrawLink(workerId);
    const k1 = k1Of(link.lnurlw);
    const now = Math.floor(Date.now() / 1000);
    const paid = createWalletNode(randomSeed());
    const reused = await paid.createInvoice({ amountMsats: 5_000n, description: 'x', expirySeconds: 600 });
    const other = await fundedWorker(30_000n);
    const otherLink = await createWithdrawLink(other);
    expect(await acceptWithdrawCallback(k1Of(otherLink.lnurlw), reused.bolt11)).toMatchObject({ ok: true });
    const cases: [string, string, RegExp][] = [
      ['expired', makeTestInvoice({ network: 'regtest', amountMsats: 5_000n, timestamp: now - 7200, expirySeconds: 3600 }), /expired/i],
      ['wrong network', makeTestInvoice({ network: 'mainnet', amountMsats: 5_000n }), /mainnet/i],
      ['amountless', makeTestInvoice({ network: 'regtest', amountMsats: null }), /amount/i],
      ['above max', makeTestInvoice({ network: 'regtest', amountMsats: link.amountMsats + 1_000n }), /at most/i],
      ['below min', makeTestInvoice({ network: 'regtest', amountMsats: 1n }), /at least/i],
      ['reused hash', reused.bolt11, /already/i],
      ['garbage', 'lnbcrt1notaninvoice', /invoice/i],
      ['two invoices', `${makeTestInvoice({ network: 'regtest', amountMsats: 5_000n })},${makeTestInvoice({ network: 'regtest', amountMsats: 5_000n })}`, /one invoice|invoice/i],
    ];
    for (const [name, pr, reason] of cases) {
      const reply = await (await fetch(`${lnurlServer.origin}/api/lnurl/withdraw/callback?k1=${k1}&pr=${encodeURIComponent(pr)}`)).json();
      expect(reply.status, name).toBe('ERROR');
      expect(reply.reason, name).toMatch(reason);
    }
    expect(await db.withdrawal.count({ where: { linkId: link.linkId } })).toBe(0);
    expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: link.linkId } })).status).toBe('OPEN');
  });

  it('holds the funds on a timeout and lets the reconciler settle the payment exactly once', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    const wallet = createWalletNode(randomSeed());
    platform.faults = { mode: 'pay_then_timeout' };
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet });
    expect(result.ok).toBe(true);
    await lnurlServer.settled();
    const payout = await payoutOf(link.linkId);
    expect(payout.status).toBe('UNKNOWN');
    expect(await sendPayout(payout.id)).toBe('UNKNOWN');
    expect(await reserved(workerId)).toBe(reserveFor(link.amountMsats));
    platform.faults = { mode: 'none' };
    await reconcilePayouts(platform, 0);
    await reconcilePayouts(platform, 0);
    expect((await payoutOf(link.linkId)).status).toBe('PAID');
    expect(await reserved(workerId)).toBe(0n);
    expect(await db.ledgerTransfer.count({ where: { withdrawalId: payout.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('reopens the link after a definite failure, and pays on the retry', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    platform.faults = { mode: 'fail' };
    expect((await withdrawWithLnurl({ lnurl: link.lnurl, wallet: createWalletNode(randomSeed()) })).ok).toBe(true);
    await lnurlServer.settled();
    expect((await payoutOf(link.linkId)).status).toBe('FAILED');
    expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: link.linkId } })).status).toBe('OPEN');
    expect(await reserved(workerId)).toBe(reserveFor(link.amountMsats));
    platform.faults = { mode: 'none' };
    expect((await withdrawWithLnurl({ lnurl: link.lnurl, wallet: createWalletNode(randomSeed()) })).ok).toBe(true);
    await lnurlServer.settled();
    expect((await payoutOf(link.linkId)).status).toBe('PAID');
    expect(await db.withdrawal.count({ where: { linkId: link.linkId, status: 'PAID' } })).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('pays exactly once when the process dies between the claim and the payment', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    const invoice = await createWalletNode(randomSeed()).createInvoice({ amountMsats: link.amountMsats, description: 'x', expirySeconds: 600 });
    // The claim committed and the wallet heard OK, then the process died: no inline payment, no job ran.
    expect(await acceptWithdrawCallback(k1Of(link.lnurlw), invoice.bolt11)).toMatchObject({ ok: true });
    // After restart the reconciler finds it unsent.
    const tally = await reconcilePayouts(platform, 0);
    expect(tally).toMatchObject({ RESENT: 1, PAID: 1 });
    expect(await sendPayout((await payoutOf(link.linkId)).id)).toBe('PAID');
    await reconcilePayouts(platform, 0);
    expect(await db.ledgerTransfer.count({ where: { withdrawal: { linkId: link.linkId }, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
    expect(await reserved(workerId)).toBe(0n);
  });

  it('gives an expired link’s reservation back, and refuses links while payouts are paused', async () => {
    const workerId = await fundedWorker(20_000n);
    const link = await createWithdrawLink(workerId);
    expect(await expireWithdrawLinks(new Date(Date.now() + 3600_000))).toBeGreaterThanOrEqual(1);
    expect(await available(workerId)).toBe(20_000n);
    expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: link.linkId } })).status).toBe('EXPIRED');
    await setPayoutsPaused(true);
    await expect(createWithdrawLink(workerId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await setPayoutsPaused(false);
  });

  it('pays 500 withdrawals at concurrency 50, each once, and the ledger sums to zero', async () => {
    const workers: string[] = [];
    for (let i = 0; i < 500; i++) workers.push(await fundedWorker(20_000n + BigInt(i) * 1000n));
    const queue = [...workers];
    const run = async () => {
      for (let workerId = queue.pop(); workerId; workerId = queue.pop()) {
        const link = await createWithdrawLink(workerId);
        const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet: createWalletNode(randomSeed()) });
        if (!result.ok) throw new Error(result.reason);
      }
    };
    await Promise.all(Array.from({ length: 50 }, run));
    await lnurlServer.settled();
    const paid = await db.withdrawal.groupBy({ by: ['workerId'], where: { workerId: { in: workers } }, _count: true });
    expect(paid).toHaveLength(500);
    expect(paid.every((row) => row._count === 1)).toBe(true);
    expect(await db.withdrawal.count({ where: { workerId: { in: workers }, status: { not: 'PAID' } } })).toBe(0);
    expect(await db.ledgerAccount.count({ where: { kind: 'WORKER_RESERVED', workerId: { in: workers }, balanceMsats: { not: 0n } } })).toBe(0);
    expect(await getLedgerSum(db)).toBe(0n);
  }, 120_000);
});

describe('daily payout cap', () => {
  it('limits a new worker’s withdrawals per day', async () => {
    const workerId = await fundedWorker(500_000n);
    await db.workerProfile.update({ where: { id: workerId }, data: { dailyPayoutCapMsats: 30_000n } });
    const first = await createWithdrawLink(workerId);
    expect(first.amountMsats).toBe(30_000n);
    expect((await withdrawWithLnurl({ lnurl: first.lnurl, wallet: createWalletNode(randomSeed()) })).ok).toBe(true);
    await lnurlServer.settled();
    expect((await payoutOf(first.linkId)).status).toBe('PAID');
    await expect(createWithdrawLink(workerId)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
