import 'server-only';
// The state changes of agent refunds and the money that moves with them. An AgentRefund row is one attempt to pay
// an agent back; the money waits in the project's AGENT_REFUND account until an attempt is PAID.
//
// Each open attempt (PENDING, SENDING, UNKNOWN) covers `amountMsats + feeLimitMsats` of AGENT_REFUND: the invoice
// amount, and everything else it holds (the routing-fee cap the node is given, feeLimitFor(amount), plus what
// whole-sat rounding or the service's maxSendable left over). So the open attempts of a job sum to its
// AGENT_REFUND balance. A FAILED attempt moves nothing; its successor covers the same sum.
import { db, type Tx } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { maxWithdrawable } from '@/lib/payouts/policy';

/** Attempts per run of failures; the last one is left FAILED (and visible) with the money still owed. */
export const MAX_REFUND_ATTEMPTS = 5;
/**
 * How long a PENDING attempt waits after `createdAt`, by the number of failures just before it: ~8.5 h in all.
 * The first entry only matters when the queued job was lost (the sweep then re-queues it).
 */
export const REFUND_BACKOFF_MS = [2 * 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000] as const;
/** Why a remainder went to fee income rather than back to the agent (ledger memo). */
export const DUST_MEMO = 'agent refund remainder below the smallest payable refund (1 sat plus its 2-sat fee cap)';

export type RefundRow = {
  id: string;
  agentJobId: string;
  amountMsats: bigint;
  feeLimitMsats: bigint;
  paymentHash: string | null;
  bolt11: string | null;
  sentAt: Date | null;
  agentJob: { projectId: string; project: { teamId: string } };
};

export const refundRowSelect = {
  id: true,
  agentJobId: true,
  amountMsats: true,
  feeLimitMsats: true,
  paymentHash: true,
  bolt11: true,
  sentAt: true,
  agentJob: { select: { projectId: true, project: { select: { teamId: true } } } },
} as const;

/** True when `coveredMsats` can pay at least 1 sat with its fee cap; less is dust no node would route for us. */
export const isPayableRefund = (coveredMsats: bigint) => maxWithdrawable(coveredMsats) > 0n;

/**
 * Opens a PENDING attempt covering `coveredMsats` (already in AGENT_REFUND) and, when `enqueueNow`, queues its
 * `agent.refund` job in the same transaction. Retries are not queued here: the sweep queues them when due.
 */
export async function openRefundAttempt(t: Tx, agentJobId: string, coveredMsats: bigint, { enqueueNow }: { enqueueNow: boolean }): Promise<string> {
  const amountMsats = maxWithdrawable(coveredMsats);
  const refund = await t.agentRefund.create({
    data: { agentJobId, amountMsats, feeLimitMsats: coveredMsats - amountMsats, status: 'PENDING' },
    select: { id: true },
  });
  if (enqueueNow) await enqueueJob('agent.refund', { refundId: refund.id }, { tx: t, singletonKey: refund.id });
  return refund.id;
}

const refundAccount = (t: Tx, refund: RefundRow) =>
  getOrCreateAccount(t, { kind: 'AGENT_REFUND', teamId: refund.agentJob.project.teamId, projectId: refund.agentJob.projectId });

/**
 * Books a settled refund once (guarded status change and transfers in one transaction): the invoice amount to
 * LIGHTNING_OUT, the actual fee to ROUTING_FEES. The rest of what the attempt covered stays owed to the agent
 * as a follow-up attempt when it can be paid, else (under 3 sats) goes to fee income with a memo.
 */
export async function settleRefundPaid(refund: RefundRow, preimage: string, feeMsats: bigint): Promise<boolean> {
  return db.$transaction(async (t) => {
    const { count } = await t.agentRefund.updateMany({
      where: { id: refund.id, status: { in: ['SENDING', 'UNKNOWN'] } },
      data: { status: 'PAID', preimage, feeMsats, settledAt: new Date() },
    });
    if (count !== 1) return false;
    const from = await refundAccount(t, refund);
    const move = async (to: { id: string }, amountMsats: bigint, suffix: string, reason: 'AGENT_REFUND' | 'ROUTING_FEE' | 'PLATFORM_FEE', memo?: string) => {
      if (amountMsats <= 0n) return;
      await postTransfer(t, { debitAccountId: from.id, creditAccountId: to.id, amountMsats, idempotencyKey: `agent-refund:${refund.id}:${suffix}`, reason, memo, agentRefundId: refund.id });
    };
    await move(await getOrCreateAccount(t, { kind: 'LIGHTNING_OUT' }), refund.amountMsats, 'paid', 'AGENT_REFUND');
    await move(await getOrCreateAccount(t, { kind: 'ROUTING_FEES' }), feeMsats, 'fee', 'ROUTING_FEE');
    const rest = refund.feeLimitMsats - feeMsats;
    if (isPayableRefund(rest)) await openRefundAttempt(t, refund.agentJobId, rest, { enqueueNow: true });
    else await move(await getOrCreateAccount(t, { kind: 'FEE_INCOME', shard: 0 }), rest, 'dust', 'PLATFORM_FEE', DUST_MEMO);
    return true;
  });
}

/** Failures of this job's refunds since its last paid one: the target has failed that many times in a row. */
export async function countRecentFailures(client: Tx | typeof db, agentJobId: string): Promise<number> {
  const lastPaid = await client.agentRefund.findFirst({ where: { agentJobId, status: 'PAID' }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  return client.agentRefund.count({ where: { agentJobId, status: 'FAILED', ...(lastPaid ? { createdAt: { gt: lastPaid.createdAt } } : {}) } });
}

/**
 * A definite failure: nothing left AGENT_REFUND, so nothing moves. The attempt ends FAILED with its reason and,
 * unless this run of failures is at MAX_REFUND_ATTEMPTS, a new PENDING attempt covers the same money; the sweep
 * queues it after its backoff. `from` lists the states the attempt may be failed from.
 */
export async function settleRefundFailed(refund: RefundRow, reason: string, from: ('PENDING' | 'SENDING' | 'UNKNOWN')[]): Promise<{ failed: boolean; retryId: string | null }> {
  return db.$transaction(async (t) => {
    const { count } = await t.agentRefund.updateMany({
      where: { id: refund.id, status: { in: from } },
      data: { status: 'FAILED', failureReason: reason.slice(0, 500), settledAt: new Date() },
    });
    if (count !== 1) return { failed: false, retryId: null };
    // Serializes concurrent failures of one job's attempts, so the count below decides once.
    await t.$queryRaw`SELECT id FROM "AgentJob" WHERE id = ${refund.agentJobId}::uuid FOR UPDATE`;
    if ((await countRecentFailures(t, refund.agentJobId)) >= MAX_REFUND_ATTEMPTS) return { failed: true, retryId: null };
    const retryId = await openRefundAttempt(t, refund.agentJobId, refund.amountMsats + refund.feeLimitMsats, { enqueueNow: false });
    return { failed: true, retryId };
  });
}

/** PENDING attempts whose backoff is over (the sweep queues them). */
export async function listDueRefunds(now = new Date(), take = 200): Promise<string[]> {
  const pending = await db.agentRefund.findMany({ where: { status: 'PENDING' }, select: { id: true, agentJobId: true, createdAt: true }, orderBy: { createdAt: 'asc' }, take });
  const due: string[] = [];
  for (const refund of pending) {
    const failures = await countRecentFailures(db, refund.agentJobId);
    const waitMs = REFUND_BACKOFF_MS[Math.min(failures, REFUND_BACKOFF_MS.length - 1)];
    if (refund.createdAt.getTime() + waitMs <= now.getTime()) due.push(refund.id);
  }
  return due;
}
