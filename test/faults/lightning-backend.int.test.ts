// The Lightning backend fails, hangs, stays in flight or answers twice. Payouts run through the real path: the
// wallet's LNURL callback (real HTTP) queues `payout.send`, the job's handler pays, the `payout.reconcile` handler
// settles. The callback's server answers and stops there (as if its process died before paying inline), so the
// queued job is what pays; lib/payouts/inline-pay.int.test.ts puts the same faults in front of the inline payment. After every fault: the ledger sums to zero, the worker's balances are exact to the msat, no invoice is
// paid twice at the node, and the payout ends final, except one the node still reports in flight.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fundedWorker, randomSeed, startLnurlServer } from '@/lib/payouts/test-support';
import { FaultyLightningBackend } from './faulty-lightning';

const lnurlServer = await startLnurlServer({ payInline: false });
const { db } = await import('@/lib/db');
const { getLightningBackend, replaceLightningBackend } = await import('@/lib/lightning');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { createWithdrawLink, expireWithdrawLinks } = await import('@/lib/payouts/links');
const { applyPaymentOutcome, reconcilePayouts, sendPayout } = await import('@/lib/payouts/send');
const { reserveFor } = await import('@/lib/payouts/policy');
const { getReconcilerStatus } = await import('@/lib/admin/reconciler');
const { withdrawWithLnurl } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { jobs } = await import('@/lib/jobs/registry');
const { getBoss, stopBoss } = await import('@/lib/jobs/boss');

const node = new FaultyLightningBackend(getLightningBackend());
const restoreBackend = replaceLightningBackend(node);

afterAll(async () => {
  restoreBackend();
  await stopBoss();
  await lnurlServer.close();
});

beforeEach(() => {
  node.payFaults.length = 0;
  node.lookupFaults.length = 0;
});

const FUNDED_MSATS = 50_000n;
/** The simulated node's routing fee: 1 msat + 0.1 %. */
const simFeeFor = (amountMsats: bigint) => 1n + (amountMsats * 1000n) / 1_000_000n;
const hour = 3_600_000;

/** A funded worker scans a fresh link with a phone wallet; the callback claims it and queues `payout.send`. */
async function startWithdrawal() {
  const workerId = await fundedWorker(FUNDED_MSATS);
  const link = await createWithdrawLink(workerId);
  const wallet = createWalletNode(randomSeed());
  const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet, allowedOrigins: [lnurlServer.origin] });
  if (!result.ok) throw new Error(result.reason);
  const payout = await db.withdrawal.findFirstOrThrow({ where: { linkId: link.linkId } });
  expect(payout).toMatchObject({ status: 'SENDING', paymentHash: result.paymentHash, amountMsats: link.amountMsats });
  return { workerId, link, wallet, payout, hash: payout.paymentHash };
}

/** Runs the queued `payout.send` jobs as the job worker would once they are due (schema, then handler); returns what each said. */
async function runQueuedPayoutJobs(options: { answerWithinMs?: number } = {}): Promise<unknown[]> {
  const boss = await getBoss();
  const queued = await boss.fetch<unknown>('payout.send', { batchSize: 50, ignoreStartAfter: true });
  const results: unknown[] = [];
  for (const job of queued) {
    const data = jobs['payout.send'].schema.parse(job.data);
    // The handler is `sendPayout(withdrawalId)`; a hang test shortens the 45 s answer deadline.
    results.push(options.answerWithinMs ? await sendPayout(data.withdrawalId, undefined, options) : await jobs['payout.send'].handle(data));
    await boss.complete('payout.send', job.id);
  }
  return results;
}

/** Time passes: open payouts become older than the reconciler's 60 s grace and the sender's 2-minute lease. */
async function letTimePass({ pastLease = true } = {}) {
  await db.$executeRaw`UPDATE "Withdrawal" SET "createdAt" = "createdAt" - interval '10 minutes' WHERE status IN ('SENDING', 'UNKNOWN')`;
  if (pastLease) await db.$executeRaw`UPDATE "Withdrawal" SET "sentAt" = "sentAt" - interval '10 minutes' WHERE status IN ('SENDING', 'UNKNOWN')`;
}

/** The `payout.reconcile` cron job's handler, as the job worker runs it. */
const runReconcileJob = () => jobs['payout.reconcile'].handle({}) as Promise<{ payouts: Record<string, number> }>;

const balances = async (workerId: string) => ({
  available: await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId }),
  reserved: await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId }),
});
const transfersOf = (withdrawalId: string) => db.ledgerTransfer.findMany({ where: { withdrawalId }, select: { reason: true, amountMsats: true } });

/** PAID, booked once: the amount and the real fee left the reservation, the rest went back; the payee got it once. */
async function expectPaidOnce(w: Awaited<ReturnType<typeof startWithdrawal>>) {
  const payout = await db.withdrawal.findUniqueOrThrow({ where: { id: w.payout.id } });
  const fee = simFeeFor(w.link.amountMsats);
  expect(payout).toMatchObject({ status: 'PAID', feeMsats: fee });
  expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - w.link.amountMsats - fee, reserved: 0n });
  const transfers = await transfersOf(w.payout.id);
  expect(transfers.filter((t) => t.reason === 'WITHDRAWAL_PAID')).toEqual([{ reason: 'WITHDRAWAL_PAID', amountMsats: w.link.amountMsats }]);
  expect(transfers.filter((t) => t.reason === 'ROUTING_FEE')).toEqual([{ reason: 'ROUTING_FEE', amountMsats: fee }]);
  expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: w.link.linkId } })).status).toBe('USED');
  expect(node.paymentsSent.get(w.hash)).toBe(1);
  expect((await w.wallet.getInvoice(w.hash)).status).toBe('PAID');
  expect(await getLedgerSum(db)).toBe(0n);
}

/** FAILED with nothing sent: the link reopens holding its reservation, and its expiry gives every msat back. */
async function expectFailedAndRefunded(w: Awaited<ReturnType<typeof startWithdrawal>>) {
  expect((await db.withdrawal.findUniqueOrThrow({ where: { id: w.payout.id } })).status).toBe('FAILED');
  expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: w.link.linkId } })).status).toBe('OPEN');
  expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - reserveFor(w.link.amountMsats), reserved: reserveFor(w.link.amountMsats) });
  expect(await transfersOf(w.payout.id)).toEqual([]);
  expect(node.paymentsSent.get(w.hash) ?? 0).toBe(0);
  expect((await w.wallet.getInvoice(w.hash)).status).toBe('PENDING');
  await expireWithdrawLinks(new Date(Date.now() + hour));
  expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS, reserved: 0n });
  expect(await getLedgerSum(db)).toBe(0n);
}

/** Not final yet: every msat of the reservation still held, nothing refunded, nothing booked as paid. */
async function expectHeld(w: Awaited<ReturnType<typeof startWithdrawal>>, status: 'UNKNOWN' | 'SENDING' = 'UNKNOWN') {
  expect((await db.withdrawal.findUniqueOrThrow({ where: { id: w.payout.id } })).status).toBe(status);
  expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: w.link.linkId } })).status).toBe('CLAIMED');
  expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - reserveFor(w.link.amountMsats), reserved: reserveFor(w.link.amountMsats) });
  expect(await transfersOf(w.payout.id)).toEqual([]);
  expect(await getLedgerSum(db)).toBe(0n);
}

describe('pay throws (connection refused, HTTP 500)', () => {
  it('refused: the job leaves the payout UNKNOWN, the reconciler finds it unsent and pays it once', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('refuse');
    expect(await runQueuedPayoutJobs()).toEqual(['UNKNOWN']);
    await expectHeld(w);
    await letTimePass();
    expect((await runReconcileJob()).payouts).toMatchObject({ RESENT: 1, PAID: 1 });
    await runReconcileJob();
    expect(node.payCalls.get(w.hash)).toBe(2);
    await expectPaidOnce(w);
  });

  it('500 after the node paid: the reconciler finds it PAID by hash and never sends again', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('error-after-send');
    expect(await runQueuedPayoutJobs()).toEqual(['UNKNOWN']);
    await expectHeld(w);
    await letTimePass();
    expect((await runReconcileJob()).payouts).toMatchObject({ RESENT: 0, PAID: 1 });
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectPaidOnce(w);
  });

  it('a lookup that throws holds the payout and does not stop the reconciler from settling the others', async () => {
    const first = await startWithdrawal();
    const second = await startWithdrawal();
    node.payFaults.push('refuse', 'refuse');
    expect(await runQueuedPayoutJobs()).toEqual(['UNKNOWN', 'UNKNOWN']);
    await letTimePass();
    node.lookupFaults.push('throw'); // the oldest payout is asked first
    expect((await runReconcileJob()).payouts).toMatchObject({ UNKNOWN: 1, RESENT: 1, PAID: 1 });
    await expectHeld(first);
    await expectPaidOnce(second);
    await runReconcileJob();
    await expectPaidOnce(first);
  });

  it('a definite failure (no route) ends FAILED and gives the reserve back', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('fail');
    expect(await runQueuedPayoutJobs()).toEqual(['FAILED']);
    await letTimePass();
    await runReconcileJob();
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectFailedAndRefunded(w);
  });
});

describe('pay hangs past the timeout', () => {
  it('nothing sent: UNKNOWN at the deadline, not re-sent within the lease, paid once after it', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('hang');
    expect(await runQueuedPayoutJobs({ answerWithinMs: 200 })).toEqual(['UNKNOWN']);
    await expectHeld(w);
    // The reconciler runs while the hung attempt might still reach the node: the lease keeps it from paying again.
    await letTimePass({ pastLease: false });
    expect((await runReconcileJob()).payouts).toMatchObject({ RESENT: 1, BUSY: 1 });
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectHeld(w, 'SENDING');
    await letTimePass();
    expect((await runReconcileJob()).payouts).toMatchObject({ RESENT: 1, PAID: 1 });
    expect(node.payCalls.get(w.hash)).toBe(2);
    await expectPaidOnce(w);
  });

  it('the node paid but never answered: found PAID by hash, sent once', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('hang-after-send');
    expect(await runQueuedPayoutJobs({ answerWithinMs: 200 })).toEqual(['UNKNOWN']);
    await letTimePass();
    await runReconcileJob();
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectPaidOnce(w);
  });
});

describe('pay stays in flight', () => {
  it('holds the funds while the node says in flight, even past expiry; stuck is visible; settles when the HTLC does', async () => {
    const stuckBefore = (await getReconcilerStatus()).stuckPayouts;
    const w = await startWithdrawal();
    node.payFaults.push('in-flight');
    expect(await runQueuedPayoutJobs()).toEqual(['UNKNOWN']);
    for (let run = 0; run < 3; run++) {
      await letTimePass();
      expect((await runReconcileJob()).payouts).toMatchObject({ UNKNOWN: 1, PAID: 0, FAILED: 0, RESENT: 0 });
    }
    // Hours later the invoice has expired, but an HTLC in flight can still settle: no refund, no second payment.
    expect(await reconcilePayouts(node, 0, new Date(Date.now() + 24 * hour))).toMatchObject({ UNKNOWN: 1, FAILED: 0, RESENT: 0 });
    await expectHeld(w);
    expect(node.payCalls.get(w.hash)).toBe(1);
    expect((await getReconcilerStatus()).stuckPayouts).toBe(stuckBefore + 1);

    await node.resolveInFlight(w.hash, 'PAID');
    expect((await runReconcileJob()).payouts).toMatchObject({ PAID: 1 });
    await expectPaidOnce(w);
    expect((await getReconcilerStatus()).stuckPayouts).toBe(stuckBefore);
  });

  it('ends FAILED with the reserve back once the node reports the HTLC failed', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('in-flight');
    expect(await runQueuedPayoutJobs()).toEqual(['UNKNOWN']);
    await letTimePass();
    await runReconcileJob();
    await expectHeld(w);
    await node.resolveInFlight(w.hash, 'FAILED');
    expect((await runReconcileJob()).payouts).toMatchObject({ FAILED: 1 });
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectFailedAndRefunded(w);
  });

  it('fails an expired invoice the node never saw without sending it', async () => {
    const w = await startWithdrawal();
    // The job process died before paying (no job ran); the reconciler comes back only after the invoice expired.
    await (await getBoss()).fetch('payout.send', { batchSize: 50, ignoreStartAfter: true }); // taken by the process that then died
    expect(await reconcilePayouts(node, 0, new Date(Date.now() + 24 * hour))).toMatchObject({ FAILED: 1, RESENT: 0 });
    expect(node.payCalls.get(w.hash)).toBeUndefined();
    await expectFailedAndRefunded(w);
  });
});

describe('the backend answers twice', () => {
  it('says FAILED although it paid: asked by hash, booked PAID, nothing refunded', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('fail-after-send');
    expect(await runQueuedPayoutJobs()).toEqual(['PAID']);
    await letTimePass();
    await runReconcileJob();
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectPaidOnce(w);
  });

  it('a retry reaches a node that forgot the payment: it refuses the paid hash, and the payout is booked once', async () => {
    const w = await startWithdrawal();
    node.payFaults.push('error-after-send');
    await runQueuedPayoutJobs();
    await letTimePass();
    node.lookupFaults.push('not-found');
    expect((await runReconcileJob()).payouts).toMatchObject({ RESENT: 1, PAID: 1 });
    expect(node.payCalls.get(w.hash)).toBe(2);
    await expectPaidOnce(w);
  });

  it('duplicate jobs, callbacks and success answers pay and book once', async () => {
    const w = await startWithdrawal();
    // The wallet retries its callback with the same invoice: refused, no second payout.
    const k1 = new URL(w.link.lnurlw.replace('lnurlw://', 'http://')).searchParams.get('k1');
    const again = await fetch(`${lnurlServer.origin}/api/lnurl/withdraw/callback?k1=${k1}&pr=${w.payout.bolt11}`);
    expect(await again.json()).toMatchObject({ status: 'ERROR' });
    expect(await db.withdrawal.count({ where: { workerId: w.workerId } })).toBe(1);
    // The same job delivered three times at once: one sender takes the lease, the others leave it alone.
    const handle = () => jobs['payout.send'].handle({ withdrawalId: w.payout.id });
    const answers = await Promise.all([handle(), handle(), handle(), runQueuedPayoutJobs()]);
    expect(answers.flat().filter((answer) => answer === 'PAID').length).toBeGreaterThanOrEqual(1);
    expect(node.payCalls.get(w.hash)).toBe(1);
    // A second PAID answer for the same payment (a late reply, a reconciler run) books nothing more.
    const found = await node.getPayment(w.hash);
    expect(found.status).toBe('PAID');
    expect(await applyPaymentOutcome(w.payout, found as Extract<typeof found, { status: 'PAID' }>, node)).toBe('PAID');
    await letTimePass();
    await runReconcileJob();
    expect(await handle()).toBe('PAID');
    expect(node.payCalls.get(w.hash)).toBe(1);
    await expectPaidOnce(w);
  });
});
