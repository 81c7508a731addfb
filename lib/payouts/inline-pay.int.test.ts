// The LNURL callback pays in its own process once the wallet has its answer (LUD-03: answer first, then pay). The
// `payout.send` job queued with the claim, due PAYOUT_FALLBACK_DELAY_SECONDS later, and the reconciler stay the
// fallbacks. Real HTTP from a phone wallet, real PostgreSQL, the simulated node behind a wrapper that counts (and on
// request breaks) what reaches it; lib/payouts/worker-crash.int.test.ts kills a real app server process mid-payment.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultyLightningBackend } from '@/test/faults/faulty-lightning';
import { fundedWorker, randomSeed, startLnurlServer } from './test-support';

const lnurlServer = await startLnurlServer();
const { db } = await import('@/lib/db');
const { getLightningBackend, replaceLightningBackend } = await import('@/lib/lightning');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { createWithdrawLink } = await import('./links');
const { acceptWithdrawCallback } = await import('./withdraw-callback');
const { reconcilePayouts } = await import('./send');
const { reserveFor } = await import('./policy');
const { setPayoutsPaused } = await import('./switch');
const { withdrawWithLnurl } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { jobs } = await import('@/lib/jobs/registry');
const { getBoss, stopBoss } = await import('@/lib/jobs/boss');

const node = new FaultyLightningBackend(getLightningBackend());
const restoreBackend = replaceLightningBackend(node);

afterAll(async () => {
  await lnurlServer.close();
  restoreBackend();
  await stopBoss();
});

beforeEach(() => {
  node.payFaults.length = 0;
  node.lookupFaults.length = 0;
});

const FUNDED_MSATS = 50_000n;
const simFeeFor = (amountMsats: bigint) => 1n + (amountMsats * 1000n) / 1_000_000n;
const k1Of = (lnurlw: string) => new URL(lnurlw.replace('lnurlw://', 'http://')).searchParams.get('k1')!;
const balances = async (workerId: string) => ({
  available: await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId }),
  reserved: await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId }),
});

async function fundedLink() {
  const workerId = await fundedWorker(FUNDED_MSATS);
  const link = await createWithdrawLink(workerId);
  return { workerId, link, wallet: createWalletNode(randomSeed()) };
}

/** The fallback jobs queued for these payouts, run as the job worker runs them once they are due. */
async function runFallbackJobs(withdrawalIds: string[]): Promise<unknown[]> {
  const boss = await getBoss();
  const due = (await boss.fetch<{ withdrawalId: string }>('payout.send', { batchSize: 100, ignoreStartAfter: true })).filter((job) =>
    withdrawalIds.includes(job.data.withdrawalId),
  );
  const answers: unknown[] = [];
  for (const job of due) {
    answers.push(await jobs['payout.send'].handle(jobs['payout.send'].schema.parse(job.data)));
    await boss.complete('payout.send', job.id);
  }
  return answers;
}

/** Paid once, booked once, to the msat; the link is used; the wallet has the money. `payCalls`: attempts at the node. */
async function expectPaidOnce({ workerId, link, wallet }: Awaited<ReturnType<typeof fundedLink>>, paymentHash: string, { payCalls = 1 } = {}) {
  const payout = await db.withdrawal.findFirstOrThrow({ where: { linkId: link.linkId } });
  const fee = simFeeFor(link.amountMsats);
  expect(payout).toMatchObject({ status: 'PAID', paymentHash, feeMsats: fee });
  expect(await db.withdrawal.count({ where: { linkId: link.linkId } })).toBe(1);
  expect(node.payCalls.get(paymentHash)).toBe(payCalls);
  expect(node.paymentsSent.get(paymentHash)).toBe(1);
  expect((await wallet.getInvoice(paymentHash)).status).toBe('PAID');
  expect(await db.ledgerTransfer.count({ where: { withdrawalId: payout.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
  expect(await balances(workerId)).toEqual({ available: FUNDED_MSATS - link.amountMsats - fee, reserved: 0n });
  expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: link.linkId } })).status).toBe('USED');
  expect(await getLedgerSum(db)).toBe(0n);
  return payout;
}

describe('the callback pays at once', () => {
  it('answers OK before the payment starts, pays with no job worker, and leaves the fallbacks nothing to do', async () => {
    const w = await fundedLink();
    // Hold the node: the wallet must have its OK while the payment is still waiting at the node.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const payInvoice = node.payInvoice.bind(node);
    node.payInvoice = async (input) => {
      await gate;
      return payInvoice(input);
    };
    try {
      const result = await withdrawWithLnurl({ lnurl: w.link.lnurl, wallet: w.wallet, allowedOrigins: [lnurlServer.origin] });
      if (!result.ok) throw new Error(result.reason);
      const inFlight = await db.withdrawal.findFirstOrThrow({ where: { linkId: w.link.linkId } });
      expect(inFlight).toMatchObject({ status: 'SENDING', attempts: 1 });
      expect(inFlight.sentAt).not.toBeNull(); // the answering process holds the send lease
      expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - reserveFor(w.link.amountMsats), reserved: reserveFor(w.link.amountMsats) });
      release();
      await lnurlServer.settled();
      const payout = await expectPaidOnce(w, result.paymentHash);
      // The fallback job, once due, finds it paid; the reconciler finds nothing to do.
      expect(await runFallbackJobs([payout.id])).toEqual(['PAID']);
      expect(await reconcilePayouts(node, 0)).toMatchObject({ PAID: 0, FAILED: 0, UNKNOWN: 0, RESENT: 0 });
      await expectPaidOnce(w, result.paymentHash);
    } finally {
      node.payInvoice = payInvoice;
    }
  });

  it('a double callback pays once: the same invoice again, and ten wallets at once', async () => {
    const w = await fundedLink();
    const k1 = k1Of(w.link.lnurlw);
    const callback = async (bolt11: string) => (await fetch(`${lnurlServer.origin}/api/lnurl/withdraw/callback?k1=${k1}&pr=${bolt11}`)).json();
    const invoice = await w.wallet.createInvoice({ amountMsats: w.link.amountMsats, description: 'x', expirySeconds: 600 });
    expect(await callback(invoice.bolt11)).toEqual({ status: 'OK' });
    expect(await callback(invoice.bolt11)).toMatchObject({ status: 'ERROR' });
    await lnurlServer.settled();
    expect(await callback(invoice.bolt11)).toEqual({ status: 'ERROR', reason: 'This withdraw link was already used.' });
    await expectPaidOnce(w, invoice.paymentHash);

    const other = await fundedLink();
    const wallets = Array.from({ length: 10 }, () => createWalletNode(randomSeed()));
    const invoices = await Promise.all(wallets.map((wallet) => wallet.createInvoice({ amountMsats: other.link.amountMsats, description: 'x', expirySeconds: 600 })));
    const otherK1 = k1Of(other.link.lnurlw);
    const replies = await Promise.all(
      invoices.map(async (i) => (await fetch(`${lnurlServer.origin}/api/lnurl/withdraw/callback?k1=${otherK1}&pr=${i.bolt11}`)).json()),
    );
    expect(replies.filter((reply) => reply.status === 'OK')).toHaveLength(1);
    await lnurlServer.settled();
    const winner = invoices[replies.findIndex((reply) => reply.status === 'OK')];
    expect(invoices.filter((i) => node.payCalls.has(i.paymentHash))).toEqual([winner]);
    await expectPaidOnce({ ...other, wallet: wallets[invoices.indexOf(winner)] }, winner.paymentHash);
  });
});

describe('the fallbacks', () => {
  it('the process dies between the claim and the payment: the queued job pays it once, when it is due', async () => {
    const w = await fundedLink();
    const invoice = await w.wallet.createInvoice({ amountMsats: w.link.amountMsats, description: 'x', expirySeconds: 600 });
    // The claim committed (the wallet heard OK), then the process died: nothing paid inline.
    const claimed = await acceptWithdrawCallback(k1Of(w.link.lnurlw), invoice.bolt11);
    if (!claimed.ok) throw new Error(claimed.reason);
    // The job is queued, but not due yet: it does not race the process that answered.
    const boss = await getBoss();
    expect((await boss.fetch<{ withdrawalId: string }>('payout.send', { batchSize: 100 })).filter((job) => job.data.withdrawalId === claimed.withdrawalId)).toEqual([]);
    expect(await runFallbackJobs([claimed.withdrawalId])).toEqual(['PAID']);
    await expectPaidOnce(w, invoice.paymentHash);
    expect(await reconcilePayouts(node, 0)).toMatchObject({ PAID: 0, RESENT: 0 });
  });

  it('payouts paused right after the claim: nothing is sent, the due job answers PAUSED; once they run again the reconciler sends it once', async () => {
    const w = await fundedLink();
    const invoice = await w.wallet.createInvoice({ amountMsats: w.link.amountMsats, description: 'x', expirySeconds: 600 });
    const claimed = await acceptWithdrawCallback(k1Of(w.link.lnurlw), invoice.bolt11);
    if (!claimed.ok) throw new Error(claimed.reason);
    await setPayoutsPaused(true);
    try {
      expect(await runFallbackJobs([claimed.withdrawalId])).toEqual(['PAUSED']);
      expect(node.payCalls.get(invoice.paymentHash)).toBeUndefined();
      expect(await db.withdrawal.findUniqueOrThrow({ where: { id: claimed.withdrawalId } })).toMatchObject({ status: 'SENDING', sentAt: null });
    } finally {
      await setPayoutsPaused(false);
    }
    // The reconciler (every minute) sends what is still unsent once payouts run again.
    await db.$executeRaw`UPDATE "Withdrawal" SET "createdAt" = "createdAt" - interval '10 minutes' WHERE id = ${claimed.withdrawalId}::uuid`;
    expect(await reconcilePayouts(node, 60_000)).toMatchObject({ RESENT: 1, PAID: 1 });
    await expectPaidOnce(w, invoice.paymentHash);
  });

  it('the node refuses the inline payment: held UNKNOWN, the job leaves it alone, the reconciler pays it once', async () => {
    const w = await fundedLink();
    node.payFaults.push('refuse');
    const result = await withdrawWithLnurl({ lnurl: w.link.lnurl, wallet: w.wallet });
    if (!result.ok) throw new Error(result.reason);
    await lnurlServer.settled();
    const payout = await db.withdrawal.findFirstOrThrow({ where: { linkId: w.link.linkId } });
    expect(payout.status).toBe('UNKNOWN');
    expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - reserveFor(w.link.amountMsats), reserved: reserveFor(w.link.amountMsats) });
    expect(await runFallbackJobs([payout.id])).toEqual(['UNKNOWN']);
    expect(node.payCalls.get(result.paymentHash)).toBe(1);
    // Past the send lease, the node never saw it: sent once more, paid once.
    await db.$executeRaw`UPDATE "Withdrawal" SET "createdAt" = "createdAt" - interval '10 minutes', "sentAt" = "sentAt" - interval '10 minutes' WHERE id = ${payout.id}::uuid`;
    expect(await reconcilePayouts(node, 60_000)).toMatchObject({ RESENT: 1, PAID: 1 });
    await expectPaidOnce(w, result.paymentHash, { payCalls: 2 });
  });

  it('the node paid but the answer was lost: the reconciler books it once and never sends again', async () => {
    const w = await fundedLink();
    node.payFaults.push('error-after-send');
    const result = await withdrawWithLnurl({ lnurl: w.link.lnurl, wallet: w.wallet });
    if (!result.ok) throw new Error(result.reason);
    await lnurlServer.settled();
    expect((await db.withdrawal.findFirstOrThrow({ where: { linkId: w.link.linkId } })).status).toBe('UNKNOWN');
    expect(await reconcilePayouts(node, 0)).toMatchObject({ PAID: 1, RESENT: 0 });
    await expectPaidOnce(w, result.paymentHash);
  });

  it('a definite failure ends FAILED inline and reopens the link with its reservation, and the next scan pays', async () => {
    const w = await fundedLink();
    node.payFaults.push('fail');
    const first = await withdrawWithLnurl({ lnurl: w.link.lnurl, wallet: w.wallet });
    if (!first.ok) throw new Error(first.reason);
    await lnurlServer.settled();
    expect((await db.withdrawal.findFirstOrThrow({ where: { linkId: w.link.linkId } })).status).toBe('FAILED');
    expect((await db.withdrawLink.findUniqueOrThrow({ where: { id: w.link.linkId } })).status).toBe('OPEN');
    expect(await balances(w.workerId)).toEqual({ available: FUNDED_MSATS - reserveFor(w.link.amountMsats), reserved: reserveFor(w.link.amountMsats) });
    const again = await withdrawWithLnurl({ lnurl: w.link.lnurl, wallet: w.wallet });
    if (!again.ok) throw new Error(again.reason);
    await lnurlServer.settled();
    expect(await db.withdrawal.count({ where: { linkId: w.link.linkId, status: 'PAID' } })).toBe(1);
    expect(node.paymentsSent.get(first.paymentHash)).toBeUndefined();
    expect(node.paymentsSent.get(again.paymentHash)).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
