import 'server-only';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db';
import { logError } from '@/lib/log';
import type { LightningBackend, PaymentOutcome } from '@/lib/lightning/backend';
import { getLightningBackend } from '@/lib/lightning';
import { askNodeAboutPayment, askNodeToPay, isInvoiceExpired } from './node-calls';
import { PAYOUT_ANSWER_DEADLINE_MS, PAYOUT_TIMEOUT_SECONDS, SEND_LEASE_MS } from './policy';
import { settleFailed, settlePaid, type Payout } from './settle';
import { utcNow } from './sql';
import { payoutsPausedSql } from './switch';

const payoutSelect = { id: true, workerId: true, linkId: true, amountMsats: true, feeLimitMsats: true, paymentHash: true, bolt11: true, status: true, sentAt: true } as const;

type LeaseRow = Partial<Payout> & { current: string | null; paused: boolean };

/**
 * Takes the send lease in one statement: only a payout still SENDING, not taken within the lease, and only while
 * payouts run. Without the lease it says why: PAUSED, the payout's status (final or UNKNOWN), BUSY (another sender
 * holds it right now) or MISSING.
 */
async function takeSendLease(withdrawalId: string): Promise<{ payout: Payout } | { answer: string }> {
  const [row] = await db.$queryRaw<LeaseRow[]>`
    WITH paused AS (SELECT ${payoutsPausedSql} AS paused), taken AS (
      UPDATE "Withdrawal" SET attempts = attempts + 1, "sentAt" = ${utcNow}, "updatedAt" = ${utcNow}
      WHERE id = ${withdrawalId}::uuid AND status = 'SENDING' AND NOT (SELECT paused FROM paused)
        AND ("sentAt" IS NULL OR "sentAt" < ${utcNow} - make_interval(secs => ${SEND_LEASE_MS / 1000}))
      RETURNING id::text, "workerId"::text, "linkId"::text, "amountMsats", "feeLimitMsats", "paymentHash", bolt11
    )
    SELECT taken.*, (SELECT status::text FROM "Withdrawal" WHERE id = ${withdrawalId}::uuid) AS current, (SELECT paused FROM paused) AS paused
      FROM (SELECT 1) AS one LEFT JOIN taken ON true`;
  if (row.id) {
    const { id, workerId, linkId, amountMsats, feeLimitMsats, paymentHash, bolt11 } = row as Payout & LeaseRow;
    return { payout: { id, workerId, linkId, amountMsats, feeLimitMsats, paymentHash, bolt11 } };
  }
  if (row.paused) return { answer: 'PAUSED' };
  return { answer: row.current === 'SENDING' ? 'BUSY' : (row.current ?? 'MISSING') };
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
  // Only one sender at a time: taking the send is a guarded update, and a send is not retaken while a
  // previous attempt could still be in flight.
  const taken = await takeSendLease(withdrawalId);
  if ('answer' in taken) return taken.answer;
  const { payout } = taken;
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
