import 'server-only';
import { createHash } from 'node:crypto';
import { db, type Tx } from '@/lib/db';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { logError } from '@/lib/log';
import type { LightningBackend, PaymentOutcome } from '@/lib/lightning/backend';
import { getLightningBackend } from '@/lib/lightning';
import { askNodeAboutPayment, askNodeToPay, isInvoiceExpired } from './node-calls';
import { reserveFor, PAYOUT_ANSWER_DEADLINE_MS, PAYOUT_TIMEOUT_SECONDS, SEND_LEASE_MS } from './policy';
import { arePayoutsPaused } from './switch';

type Payout = { id: string; workerId: string; linkId: string | null; amountMsats: bigint; feeLimitMsats: bigint; paymentHash: string; bolt11: string };

const payoutSelect = { id: true, workerId: true, linkId: true, amountMsats: true, feeLimitMsats: true, paymentHash: true, bolt11: true, status: true, sentAt: true } as const;

/**
 * Records a settled payment exactly once: the guarded status change and the ledger moves share a
 * transaction. The worker's reservation pays the amount and the actual fee; the rest goes back to them.
 */
async function settlePaid(payout: Payout, preimage: string, feeMsats: bigint): Promise<boolean> {
  return db.$transaction(async (t) => {
    const { count } = await t.withdrawal.updateMany({
      where: { id: payout.id, status: { in: ['SENDING', 'UNKNOWN'] } },
      data: { status: 'PAID', preimage, feeMsats, settledAt: new Date() },
    });
    if (count !== 1) return false;
    const link = payout.linkId ? await t.withdrawLink.findUnique({ where: { id: payout.linkId }, select: { maxMsats: true } }) : null;
    if (payout.linkId) await t.withdrawLink.updateMany({ where: { id: payout.linkId, status: 'CLAIMED' }, data: { status: 'USED', usedAt: new Date() } });
    const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId: payout.workerId });
    const move = async (kind: 'LIGHTNING_OUT' | 'ROUTING_FEES' | 'WORKER_AVAILABLE', amountMsats: bigint, suffix: string, reason: 'WITHDRAWAL_PAID' | 'ROUTING_FEE' | 'WITHDRAWAL_REFUND') => {
      if (amountMsats <= 0n) return;
      const to = await getOrCreateAccount(t, kind === 'WORKER_AVAILABLE' ? { kind, workerId: payout.workerId } : { kind });
      await postTransfer(t, { debitAccountId: reserved.id, creditAccountId: to.id, amountMsats, idempotencyKey: `withdrawal:${payout.id}:${suffix}`, reason, withdrawalId: payout.id });
    };
    await move('LIGHTNING_OUT', payout.amountMsats, 'paid', 'WITHDRAWAL_PAID');
    await move('ROUTING_FEES', feeMsats, 'fee', 'ROUTING_FEE');
    const reservation = link ? reserveFor(link.maxMsats) : payout.amountMsats + payout.feeLimitMsats;
    await move('WORKER_AVAILABLE', reservation - payout.amountMsats - feeMsats, 'unused-reserve', 'WITHDRAWAL_REFUND');
    return true;
  });
}

/**
 * A definite failure: the payout ends FAILED. A link opens again, still holding its reservation; a payout
 * without a link (Lightning Address) gives its reservation back to the worker at once.
 */
async function settleFailed(payout: Payout, reason: string): Promise<boolean> {
  return db.$transaction(async (t: Tx) => {
    const { count } = await t.withdrawal.updateMany({
      where: { id: payout.id, status: { in: ['SENDING', 'UNKNOWN'] } },
      data: { status: 'FAILED', failureReason: reason.slice(0, 500), settledAt: new Date() },
    });
    if (count !== 1) return false;
    if (payout.linkId) {
      await t.withdrawLink.updateMany({ where: { id: payout.linkId, status: 'CLAIMED' }, data: { status: 'OPEN' } });
      return true;
    }
    const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId: payout.workerId });
    const available = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: payout.workerId });
    await postTransfer(t, {
      debitAccountId: reserved.id,
      creditAccountId: available.id,
      amountMsats: payout.amountMsats + payout.feeLimitMsats,
      idempotencyKey: `withdrawal:${payout.id}:refund`,
      reason: 'WITHDRAWAL_REFUND',
      withdrawalId: payout.id,
    });
    return true;
  });
}

const isPreimageOf = (preimage: string, paymentHash: string) =>
  /^[0-9a-f]{64}$/i.test(preimage) && createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') === paymentHash.toLowerCase();

/** Applies what the node said. PENDING leaves the funds held for the reconciler. */
export async function applyPaymentOutcome(
  payout: Payout,
  outcome: PaymentOutcome | { status: 'NOT_FOUND' },
  backend: LightningBackend,
): Promise<'PAID' | 'FAILED' | 'UNKNOWN'> {
  if (outcome.status === 'PAID') {
    if (!isPreimageOf(outcome.preimage, payout.paymentHash)) {
      await db.withdrawal.updateMany({ where: { id: payout.id, status: 'SENDING' }, data: { status: 'UNKNOWN', failureReason: 'The node reported a preimage that does not match.' } });
      return 'UNKNOWN';
    }
    await settlePaid(payout, outcome.preimage.toLowerCase(), outcome.feeMsats);
    return 'PAID';
  }
  if (outcome.status === 'FAILED') {
    // "Failed" can also mean "this hash is already paid" (a retry after a lost reply): ask before refunding.
    // A lookup that errors counts as PENDING: no refund on a guess.
    const recorded = await askNodeAboutPayment(backend, payout.paymentHash);
    if (recorded.status === 'PAID') return applyPaymentOutcome(payout, recorded, backend);
    if (recorded.status === 'PENDING') return applyPaymentOutcome(payout, recorded, backend);
    await settleFailed(payout, outcome.reason);
    return 'FAILED';
  }
  await db.withdrawal.updateMany({ where: { id: payout.id, status: 'SENDING' }, data: { status: 'UNKNOWN', failureReason: 'reason' in outcome ? outcome.reason ?? null : null } });
  return 'UNKNOWN';
}

/**
 * The `payout.send` job: pays one claimed withdrawal. Re-reads state first, so a retried or duplicated
 * job never pays twice; only a payout still SENDING is attempted. A node that throws or does not answer
 * within `answerWithinMs` leaves the payout UNKNOWN for the reconciler (the payment may have left).
 */
export async function sendPayout(
  withdrawalId: string,
  backend: LightningBackend = getLightningBackend(),
  { answerWithinMs = PAYOUT_ANSWER_DEADLINE_MS }: { answerWithinMs?: number } = {},
): Promise<string> {
  if (await arePayoutsPaused()) return 'PAUSED';
  // Only one sender at a time: taking the send is a guarded update, and a send is not retaken while a
  // previous attempt could still be in flight.
  const taken = await db.withdrawal.updateManyAndReturn({
    where: {
      id: withdrawalId,
      status: 'SENDING',
      OR: [{ sentAt: null }, { sentAt: { lt: new Date(Date.now() - SEND_LEASE_MS) } }],
    },
    data: { attempts: { increment: 1 }, sentAt: new Date() },
    select: payoutSelect,
  });
  const payout = taken[0];
  if (!payout) {
    const current = await db.withdrawal.findUnique({ where: { id: withdrawalId }, select: { status: true } });
    // Already final or unknown: report it. Still SENDING: another sender holds it right now.
    return current && current.status !== 'SENDING' ? current.status : current ? 'BUSY' : 'MISSING';
  }
  const outcome = await askNodeToPay(
    backend,
    { bolt11: payout.bolt11, paymentHash: payout.paymentHash, amountMsats: payout.amountMsats, feeLimitMsats: payout.feeLimitMsats, timeoutSeconds: PAYOUT_TIMEOUT_SECONDS },
    answerWithinMs,
  );
  return applyPaymentOutcome(payout, outcome, backend);
}

/**
 * The reconciler: asks the node about every payout that is not final, and settles each exactly once.
 * - PAID / FAILED: settled as the node says (FAILED is asked again by hash first).
 * - PENDING (in flight, or the node could not be asked): left UNKNOWN with the funds held, however long it takes;
 *   refunding a payment the node may still complete is how a payout gets paid twice. Admins see it as stuck.
 * - NOT_FOUND (the worker died between claim and pay): sent now, unless the invoice has expired, in which case
 *   no node will pay it any more and it fails at once. Both only once the send lease is over.
 * One payout's error never stops the others.
 */
export async function reconcilePayouts(backend: LightningBackend = getLightningBackend(), olderThanMs = 60_000, now = new Date()): Promise<Record<string, number>> {
  const open = await db.withdrawal.findMany({
    where: { status: { in: ['SENDING', 'UNKNOWN'] }, createdAt: { lte: new Date(now.getTime() - olderThanMs) } },
    select: payoutSelect,
    orderBy: { createdAt: 'asc' },
    take: 200,
  });
  const tally: Record<string, number> = { PAID: 0, FAILED: 0, UNKNOWN: 0, RESENT: 0 };
  const count = (key: string) => (tally[key] = (tally[key] ?? 0) + 1);
  for (const payout of open) {
    try {
      count(await reconcilePayout(payout, backend, now, () => count('RESENT')));
    } catch (error) {
      logError('payout reconcile failed; next run retries', error, { withdrawalId: payout.id });
      count('ERROR');
    }
  }
  return tally;
}

async function reconcilePayout(payout: Payout & { sentAt: Date | null }, backend: LightningBackend, now: Date, onResend: () => void): Promise<string> {
  const found = await askNodeAboutPayment(backend, payout.paymentHash);
  if (found.status !== 'NOT_FOUND') return applyPaymentOutcome(payout, found, backend);
  // A sender that took the payout within the lease may still be on its way to the node: wait for it.
  const isLeaseOver = !payout.sentAt || payout.sentAt.getTime() < now.getTime() - SEND_LEASE_MS;
  if (isLeaseOver && isInvoiceExpired(payout.bolt11, now)) {
    await settleFailed(payout, 'The invoice expired before it could be paid.');
    return 'FAILED';
  }
  // The node never saw it (the worker died between claim and pay): nothing left our wallet, so send now.
  await db.withdrawal.updateMany({ where: { id: payout.id, status: 'UNKNOWN' }, data: { status: 'SENDING' } });
  onResend();
  return sendPayout(payout.id, backend);
}
