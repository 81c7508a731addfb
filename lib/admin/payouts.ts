import 'server-only';
// Money on its way out that is not settled, for the admin "Payouts" page: worker payouts still in flight or failed
// lately, and agent refunds open or given up, each with its age, so a stuck one is seen and named.
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import type { WithdrawalStatus } from '@/lib/generated/prisma/enums';

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
  // Jobs that still owe their agent something (their AGENT_REFUND balance), each with its latest attempt.
  const owed = await db.$queryRaw<{ jobId: string; projectTitle: string; refundTarget: string; owedMsats: bigint; status: AgentRefundOwed['status']; failureReason: string | null; since: Date }[]>`
    SELECT DISTINCT ON (j.id) j.id AS "jobId", p.title AS "projectTitle", j."refundTarget", a."balanceMsats" AS "owedMsats",
      r.status::text AS status, r."failureReason", r."createdAt" AS since
    FROM "AgentJob" j
    JOIN "Project" p ON p.id = j."projectId"
    JOIN "LedgerAccount" a ON a."projectId" = j."projectId" AND a.kind = 'AGENT_REFUND' AND a."balanceMsats" > 0
    JOIN "AgentRefund" r ON r."agentJobId" = j.id
    ORDER BY j.id, r."createdAt" DESC
    LIMIT ${LIMIT}`;
  const refunds = owed
    .map((row) => ({ ...row, givenUp: row.status === 'FAILED' }))
    .sort((a, b) => a.since.getTime() - b.since.getTime());
  return {
    payouts: payouts.map(({ worker, ...payout }) => ({ ...payout, workerName: worker.displayName })),
    refunds,
  };
}
