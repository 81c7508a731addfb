import 'server-only';
// Money on its way out that is not settled, for the admin "Payouts" page: worker payouts still in flight or failed
// lately, and agent refunds open or given up, each with its age, so a stuck one is seen and named.
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import type { WithdrawalStatus } from '@/lib/generated/prisma/enums';
import { accountKey } from '@/lib/ledger/accounts';

const FAILED_LOOKBACK_MS = 7 * 86_400_000;
const LIMIT = 200;

export type PayoutInFlight = {
  id: string;
  workerId: string;
  workerName: string;
  kind: 'LNURL_WITHDRAW' | 'LIGHTNING_ADDRESS';
  status: WithdrawalStatus;
  amountMsats: bigint;
  destination: string | null;
  failureReason: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
};

export type AgentRefundOwed = {
  jobId: string;
  projectTitle: string;
  refundTarget: string;
  owedMsats: bigint;
  status: 'PENDING' | 'SENDING' | 'UNKNOWN' | 'FAILED';
  /** The latest attempt failed and no retry is scheduled: it waits for an admin. */
  givenUp: boolean;
  failureReason: string | null;
  since: Date;
};

export async function listMoneyInFlight(now = new Date()): Promise<{ payouts: PayoutInFlight[]; refunds: AgentRefundOwed[] }> {
  await requireRole('ADMIN');
  const payouts = await db.withdrawal.findMany({
    where: { OR: [{ status: { in: ['SENDING', 'UNKNOWN'] } }, { status: 'FAILED', updatedAt: { gte: new Date(now.getTime() - FAILED_LOOKBACK_MS) } }] },
    orderBy: { createdAt: 'asc' },
    take: LIMIT,
    select: {
      id: true, workerId: true, kind: true, status: true, amountMsats: true, destination: true, failureReason: true, attempts: true, createdAt: true, updatedAt: true,
      worker: { select: { displayName: true } },
    },
  });
  // Each job's latest attempt, for jobs that still owe something.
  const latest = await db.$queryRaw<{ jobId: string; projectId: string; teamId: string; title: string; refundTarget: string; status: AgentRefundOwed['status']; failureReason: string | null; createdAt: Date }[]>`
    SELECT DISTINCT ON (r."agentJobId") r."agentJobId" AS "jobId", j."projectId", p."teamId", p.title, j."refundTarget",
      r.status::text AS status, r."failureReason", r."createdAt"
    FROM "AgentRefund" r JOIN "AgentJob" j ON j.id = r."agentJobId" JOIN "Project" p ON p.id = j."projectId"
    WHERE r.status <> 'PAID' OR EXISTS (SELECT 1 FROM "AgentRefund" o WHERE o."agentJobId" = r."agentJobId" AND o.status <> 'PAID')
    ORDER BY r."agentJobId", r."createdAt" DESC
    LIMIT ${LIMIT}`;
  const balances = await db.ledgerAccount.findMany({
    where: { key: { in: latest.map((row) => accountKey({ kind: 'AGENT_REFUND', teamId: row.teamId, projectId: row.projectId })) } },
    select: { projectId: true, balanceMsats: true },
  });
  const owed = new Map(balances.map((b) => [b.projectId, b.balanceMsats]));
  const refunds = latest
    .map((row) => ({
      jobId: row.jobId,
      projectTitle: row.title,
      refundTarget: row.refundTarget,
      owedMsats: owed.get(row.projectId) ?? 0n,
      status: row.status,
      givenUp: row.status === 'FAILED',
      failureReason: row.failureReason,
      since: row.createdAt,
    }))
    .filter((refund) => refund.owedMsats > 0n)
    .sort((a, b) => a.since.getTime() - b.since.getTime());
  return {
    payouts: payouts.map(({ worker, ...payout }) => ({ ...payout, workerName: worker.displayName })),
    refunds,
  };
}
