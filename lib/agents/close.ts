import 'server-only';
// Ends an agent job and gives the agent back what its escrow no longer needs. Like closeProject, what the job's
// PENDING judgments may still cost stays in escrow until they are reviewed, and so does the cost of rejections a
// worker may still appeal; a rejection or an expired appeal window later frees it (releaseLateLeftovers), an
// approval pays it out. Released money goes PROJECT_ESCROW -> AGENT_REFUND and an
// AgentRefund attempt is opened for it (refunds.ts pays it).
import { db, type Tx } from '@/lib/db';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { postTransfer } from '@/lib/ledger/transfer';
import { logError } from '@/lib/log';
import { AGENT_APPEAL_WINDOW_MS } from './config';
import { DUST_MEMO, isPayableRefund, openRefundAttempt } from './refund-ledger';
import { payUnreviewedTreeReplies } from './tree-close';

export type AgentJobOutcome = 'DONE' | 'CANCELLED' | 'EXPIRED';
export type CloseAgentJobResult = { closed: boolean; releasedMsats: bigint; refundId: string | null };

const STATUS_REASON: Record<AgentJobOutcome, string> = {
  DONE: 'Agent job finished: every item is done.',
  CANCELLED: 'Agent job cancelled by the agent.',
  EXPIRED: 'Agent job expired at its deadline.',
};

type LockedJob = { id: string; status: string; projectId: string; teamId: string; feeBps: number };

/** Locks the job row: close, late releases and refund retries of one job run one at a time. */
async function lockJob(t: Tx, jobId: string): Promise<LockedJob | undefined> {
  const [job] = await t.$queryRaw<LockedJob[]>`
    SELECT j.id, j.status::text AS status, j."projectId", p."teamId", p."feeBps"
    FROM "AgentJob" j JOIN "Project" p ON p.id = j."projectId"
    WHERE j.id = ${jobId}::uuid FOR UPDATE OF j`;
  return job;
}

/**
 * Moves the escrow above what pending judgments may cost to AGENT_REFUND and opens a refund attempt for it. The
 * escrow row is locked first so a concurrent approval can't spend what is being released. Release keys are
 * numbered per job under that lock (`agent-job:<id>:release:<n>`), and the amount is recomputed from the balance,
 * so a rerun finds nothing above the pending cost and moves nothing.
 */
async function releaseExcess(t: Tx, job: LockedJob): Promise<{ releasedMsats: bigint; refundId: string | null }> {
  const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: job.teamId, projectId: job.projectId });
  const [{ balance }] = await t.$queryRaw<{ balance: bigint }[]>`SELECT "balanceMsats" AS balance FROM "LedgerAccount" WHERE id = ${escrow.id}::uuid FOR UPDATE`;
  // Kept back: what may still be paid out. Pending judgments, open appeals, and rejections still inside the appeal
  // window (an upheld appeal is paid from this escrow, so its sats must not have gone back to the agent).
  const appealable = new Date(Date.now() - AGENT_APPEAL_WINDOW_MS);
  const pending = await t.judgment.groupBy({
    by: ['rewardMsats'],
    where: {
      projectId: job.projectId,
      isExam: false,
      OR: [{ status: 'PENDING' }, { status: 'REJECTED', appealStatus: 'OPEN' }, { status: 'REJECTED', appealStatus: null, reviewedAt: { gt: appealable } }],
    },
    _count: { _all: true },
  });
  const pendingCost = pending.reduce((sum, group) => sum + judgmentCostMsats(group.rewardMsats, job.feeBps) * BigInt(group._count._all), 0n);
  const excess = balance - pendingCost;
  if (excess <= 0n) return { releasedMsats: 0n, refundId: null };

  const keyPrefix = `agent-job:${job.id}:release:`;
  const earlier = await t.ledgerTransfer.count({ where: { idempotencyKey: { startsWith: keyPrefix } } });
  const idempotencyKey = `${keyPrefix}${earlier + 1}`;
  if (!isPayableRefund(excess)) {
    // Under 3 sats can't be sent (a refund needs 1 sat plus its 2-sat fee cap): kept as fee income, on record.
    const income = await getOrCreateAccount(t, { kind: 'FEE_INCOME', shard: 0 });
    await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: income.id, amountMsats: excess, idempotencyKey, reason: 'ESCROW_RELEASE', memo: DUST_MEMO });
    return { releasedMsats: excess, refundId: null };
  }
  // The attempt first, so the release transfer names the refund it pays for.
  const refundId = await openRefundAttempt(t, job.id, excess, { enqueueNow: true });
  const refundAccount = await getOrCreateAccount(t, { kind: 'AGENT_REFUND', teamId: job.teamId, projectId: job.projectId });
  await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: refundAccount.id, amountMsats: excess, idempotencyKey, reason: 'ESCROW_RELEASE', agentRefundId: refundId });
  return { releasedMsats: excess, refundId };
}

/**
 * Closes an ACTIVE agent job as `outcome`, in one transaction: the job and its project end, live leases expire,
 * and the escrow not needed for pending judgments is refunded. A job that is not ACTIVE is left alone.
 */
export async function closeAgentJob(jobId: string, outcome: AgentJobOutcome, options: { now?: Date } = {}): Promise<CloseAgentJobResult> {
  const now = options.now ?? new Date();
  const result = await db.$transaction(async (t) => {
    const job = await lockJob(t, jobId);
    if (!job || job.status !== 'ACTIVE') return { closed: false, releasedMsats: 0n, refundId: null };
    // The escrow row before the project row, as approvals take them (transfers, then the budget.low check updates
    // the project): the other order deadlocked with an approval of the job's last answers.
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: job.teamId, projectId: job.projectId });
    await t.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE id = ${escrow.id}::uuid FOR UPDATE`;
    await t.agentJob.update({ where: { id: jobId }, data: { status: outcome, completedAt: now } });
    await t.project.updateMany({ where: { id: job.projectId, status: { not: 'DONE' } }, data: { status: 'DONE', closedAt: now, statusReason: STATUS_REASON[outcome] } });
    // Before the pending count: a submit racing this close either committed (and is counted) or finds its lease gone.
    await t.assignment.updateMany({ where: { projectId: job.projectId, status: 'ACTIVE' }, data: { status: 'EXPIRED', finishedAt: now } });
    return { closed: true, ...(await releaseExcess(t, job)) };
  });
  // Kept in escrow by the release above; paid after it, in approvals' own lock order.
  if (result.closed) await payUnreviewedTreeReplies(jobId);
  return result;
}

/**
 * For closed jobs whose escrow now exceeds what their PENDING judgments may cost (one was rejected after the
 * close), releases the excess as closeAgentJob does. One job's error never stops the others.
 */
export async function releaseLateLeftovers(take = 200): Promise<{ released: number; failed: number }> {
  const candidates = await db.$queryRaw<{ id: string }[]>`
    SELECT j.id FROM "AgentJob" j
    JOIN "LedgerAccount" a ON a."projectId" = j."projectId" AND a.kind = 'PROJECT_ESCROW'
    WHERE j.status <> 'ACTIVE' AND a."balanceMsats" > 0
    ORDER BY j."completedAt" NULLS FIRST LIMIT ${take}`;
  let released = 0;
  let failed = 0;
  for (const { id } of candidates) {
    try {
      const result = await db.$transaction(async (t) => {
        const job = await lockJob(t, id);
        return job && job.status !== 'ACTIVE' ? releaseExcess(t, job) : { releasedMsats: 0n, refundId: null };
      });
      if (result.releasedMsats > 0n) released++;
    } catch (error) {
      logError('agent job late release failed; next sweep retries', error, { agentJobId: id });
      failed++;
    }
  }
  return { released, failed };
}
