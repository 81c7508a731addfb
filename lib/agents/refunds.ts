import 'server-only';
// Pays agent refunds: the `agent.refund` job (sendAgentRefund) and the reconcile pass of the sweep. Mirrors the
// Lightning Address payouts (lib/payouts/lightning-address.ts, send.ts) and follows docs/payments.md:
//   PENDING  --invoice fetched, taken with a guarded update-->  SENDING  --node-->  PAID | FAILED | UNKNOWN
// The invoice is fetched before any state changes (network, outside transactions); two concurrent handlers may
// both fetch one, but only one takes the attempt. A node that may have paid (PENDING, a throw, silence) leaves
// the attempt UNKNOWN with the money held, for the reconciler; only a definite failure opens a retry.
import { createHash } from 'node:crypto';
import { db, getSqlState } from '@/lib/db';
import { getLightningBackend } from '@/lib/lightning';
import type { LightningBackend, PaymentOutcome } from '@/lib/lightning/backend';
import { describeMsats } from '@/lib/lightning/invoice';
import { LnurlPayError, requestInvoice, type ValidatedInvoice } from '@/lib/lnurl/pay-client';
import { logError } from '@/lib/log';
import { askNodeAboutPayment, askNodeToPay, isInvoiceExpired } from '@/lib/payouts/node-calls';
import { feeLimitFor, maxWithdrawable, PAYOUT_ANSWER_DEADLINE_MS, PAYOUT_TIMEOUT_SECONDS, SEND_LEASE_MS } from '@/lib/payouts/policy';
import { arePayoutsPaused } from '@/lib/payouts/switch';
import { refundRowSelect, settleRefundFailed, settleRefundPaid, type RefundRow } from './refund-ledger';
import { fetchRefundPayRequest, refundTargetOptions, type RefundTargetOptions } from './refund-target';

export type AgentRefundOptions = RefundTargetOptions & {
  backend?: LightningBackend;
  /** How long to wait for the node before leaving the refund UNKNOWN (tests shorten it). */
  answerWithinMs?: number;
  now?: Date;
};
export type AgentRefundResult = 'PAID' | 'FAILED' | 'UNKNOWN' | 'SENDING' | 'PAUSED' | 'MISSING' | 'WAITING';

type SendableRefund = RefundRow & { bolt11: string; paymentHash: string };

const isPreimageOf = (preimage: string, paymentHash: string) =>
  /^[0-9a-f]{64}$/i.test(preimage) && createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') === paymentHash.toLowerCase();

/**
 * Asks the agent's LNURL-pay service for an invoice the attempt can pay with its fee cap: the largest whole-sat
 * amount within what it covers and the service's maxSendable. Any refusal is a LnurlPayError.
 */
async function fetchRefundInvoice(
  job: { refundKind: 'LIGHTNING_ADDRESS' | 'LNURL_PAY'; refundTarget: string },
  coveredMsats: bigint,
  backend: LightningBackend,
  options: AgentRefundOptions,
): Promise<ValidatedInvoice> {
  const payRequest = await fetchRefundPayRequest(job.refundKind, job.refundTarget, options);
  const targetOptions = refundTargetOptions(job.refundKind, job.refundTarget, options);
  let amountMsats = maxWithdrawable(coveredMsats);
  // What the service can't take now stays owed: after this one is paid, the rest is a follow-up attempt.
  if (amountMsats > payRequest.maxSendableMsats) amountMsats = (payRequest.maxSendableMsats / 1000n) * 1000n;
  if (amountMsats <= 0n || amountMsats < payRequest.minSendableMsats) {
    throw new LnurlPayError(`${payRequest.address} accepts at least ${describeMsats(payRequest.minSendableMsats)}; this refund can send ${describeMsats(amountMsats)}.`);
  }
  const { network } = await backend.getInfo();
  return requestInvoice(payRequest, amountMsats, { ...options, ...targetOptions, network, now: options.now });
}

/**
 * The `agent.refund` job: pays one PENDING attempt. Re-reads state first, so a duplicated or late job does
 * nothing to an attempt that is already taken or final.
 */
export async function sendAgentRefund(refundId: string, options: AgentRefundOptions = {}): Promise<AgentRefundResult> {
  if (await arePayoutsPaused()) return 'PAUSED';
  const refund = await db.agentRefund.findUnique({
    where: { id: refundId },
    select: { ...refundRowSelect, status: true, agentJob: { select: { projectId: true, refundKind: true, refundTarget: true, project: { select: { teamId: true } } } } },
  });
  if (!refund) return 'MISSING';
  if (refund.status !== 'PENDING') return refund.status;
  const backend = options.backend ?? getLightningBackend();
  const coveredMsats = refund.amountMsats + refund.feeLimitMsats;
  let invoice: ValidatedInvoice;
  try {
    invoice = await fetchRefundInvoice(refund.agentJob, coveredMsats, backend, options);
  } catch (error) {
    if (!(error instanceof LnurlPayError)) throw error;
    await settleRefundFailed(refund, error.message, ['PENDING']);
    return 'FAILED';
  }
  const taken: SendableRefund = { ...refund, bolt11: invoice.bolt11, paymentHash: invoice.paymentHash, amountMsats: invoice.amountMsats, feeLimitMsats: coveredMsats - invoice.amountMsats, sentAt: new Date() };
  try {
    const { count } = await db.agentRefund.updateMany({
      where: { id: refundId, status: 'PENDING' },
      data: { status: 'SENDING', bolt11: taken.bolt11, paymentHash: taken.paymentHash, amountMsats: taken.amountMsats, feeLimitMsats: taken.feeLimitMsats, sentAt: taken.sentAt },
    });
    if (count !== 1) {
      const current = await db.agentRefund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true } });
      return current.status === 'PENDING' ? 'WAITING' : current.status;
    }
  } catch (error) {
    if (getSqlState(error) !== '23505' && (error as { code?: string }).code !== 'P2002') throw error;
    // An invoice is paid at most once: a service handing out one we already hold is refused.
    await settleRefundFailed(refund, `${invoice.bolt11.slice(0, 16)}… was already used for a refund.`, ['PENDING']);
    return 'FAILED';
  }
  return payRefund(taken, backend, options.answerWithinMs ?? PAYOUT_ANSWER_DEADLINE_MS);
}

async function payRefund(refund: SendableRefund, backend: LightningBackend, answerWithinMs: number): Promise<AgentRefundResult> {
  const cap = feeLimitFor(refund.amountMsats);
  const feeLimitMsats = cap < refund.feeLimitMsats ? cap : refund.feeLimitMsats;
  const outcome = await askNodeToPay(
    backend,
    { bolt11: refund.bolt11, paymentHash: refund.paymentHash, amountMsats: refund.amountMsats, feeLimitMsats, timeoutSeconds: PAYOUT_TIMEOUT_SECONDS },
    answerWithinMs,
  );
  return applyRefundOutcome(refund, outcome, backend);
}

/** Applies what the node said. Only a FAILED confirmed by a lookup releases the attempt for a retry. */
async function applyRefundOutcome(refund: SendableRefund, outcome: PaymentOutcome | { status: 'NOT_FOUND' }, backend: LightningBackend): Promise<AgentRefundResult> {
  if (outcome.status === 'PAID') {
    if (!isPreimageOf(outcome.preimage, refund.paymentHash)) {
      await db.agentRefund.updateMany({ where: { id: refund.id, status: 'SENDING' }, data: { status: 'UNKNOWN', failureReason: 'The node reported a preimage that does not match.' } });
      return 'UNKNOWN';
    }
    await settleRefundPaid(refund, outcome.preimage.toLowerCase(), outcome.feeMsats);
    return 'PAID';
  }
  if (outcome.status === 'FAILED') {
    // "Failed" may mean "already paid" (a retry after a lost reply): ask by hash before anything else.
    const recorded = await askNodeAboutPayment(backend, refund.paymentHash);
    if (recorded.status === 'PAID' || recorded.status === 'PENDING') return applyRefundOutcome(refund, recorded, backend);
    await settleRefundFailed(refund, outcome.reason, ['SENDING', 'UNKNOWN']);
    return 'FAILED';
  }
  const reason = 'reason' in outcome ? (outcome.reason ?? null) : null;
  await db.agentRefund.updateMany({ where: { id: refund.id, status: 'SENDING' }, data: { status: 'UNKNOWN', failureReason: reason } });
  return 'UNKNOWN';
}

/**
 * Asks the node about every SENDING/UNKNOWN refund sent more than `olderThanMs` ago and settles each as in
 * lib/payouts/send.ts reconcilePayouts: PAID and FAILED as the node says; in flight stays UNKNOWN, however long;
 * never seen by the node and past the send lease: failed (and retried with a fresh invoice) when the invoice has
 * expired, else sent again. One refund's error never stops the others.
 */
export async function reconcileAgentRefunds(options: { backend?: LightningBackend; now?: Date; olderThanMs?: number; answerWithinMs?: number } = {}): Promise<Record<string, number>> {
  const backend = options.backend ?? getLightningBackend();
  const now = options.now ?? new Date();
  const open = await db.agentRefund.findMany({
    where: { status: { in: ['SENDING', 'UNKNOWN'] }, sentAt: { lte: new Date(now.getTime() - (options.olderThanMs ?? 60_000)) } },
    select: refundRowSelect,
    orderBy: { sentAt: 'asc' },
    take: 200,
  });
  const tally: Record<string, number> = {};
  for (const refund of open) {
    let result: string;
    try {
      if (!refund.bolt11 || !refund.paymentHash) throw new Error('a refund being sent has no invoice');
      result = await reconcileRefund({ ...refund, bolt11: refund.bolt11, paymentHash: refund.paymentHash }, backend, now, options.answerWithinMs ?? PAYOUT_ANSWER_DEADLINE_MS);
    } catch (error) {
      logError('agent refund reconcile failed; next run retries', error, { agentRefundId: refund.id });
      result = 'ERROR';
    }
    tally[result] = (tally[result] ?? 0) + 1;
  }
  return tally;
}

async function reconcileRefund(refund: SendableRefund, backend: LightningBackend, now: Date, answerWithinMs: number): Promise<AgentRefundResult> {
  const found = await askNodeAboutPayment(backend, refund.paymentHash);
  if (found.status !== 'NOT_FOUND') return applyRefundOutcome(refund, found, backend);
  const leaseEnd = new Date(now.getTime() - SEND_LEASE_MS);
  // A sender within its lease may still be on its way to the node: wait for it.
  if (refund.sentAt && refund.sentAt > leaseEnd) return 'WAITING';
  if (isInvoiceExpired(refund.bolt11, now)) {
    // No node pays an expired invoice: nothing can leave any more, so the next attempt asks for a fresh one.
    await settleRefundFailed(refund, 'The invoice expired before it could be paid.', ['SENDING', 'UNKNOWN']);
    return 'FAILED';
  }
  const { count } = await db.agentRefund.updateMany({
    where: { id: refund.id, status: { in: ['SENDING', 'UNKNOWN'] }, OR: [{ sentAt: null }, { sentAt: { lte: leaseEnd } }] },
    data: { status: 'SENDING', sentAt: now },
  });
  if (count !== 1) return 'WAITING';
  return payRefund(refund, backend, answerWithinMs);
}
