import 'server-only';
// What an agent reads about its job. Reads are authorized by the creation token alone: its id is the job's
// key in AgentJob, so a token can only ever read the one job it paid for.
import type { AgentJob } from '@/lib/agent-client/schemas';
import { ApiError } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { accountKey } from '@/lib/ledger/accounts';
import { verifyToken, type TokenFailureReason } from '@/lib/l402/token';
import { CREATE_JOB_ENDPOINT, getL402RootKey } from './config';
import { parseTreeConfig } from '@/lib/trees/config';
import { estimateEtaSeconds } from './eta';
import { countTreeJobTasks, getTreeJobKind } from './tree-plan';

type JobDto = Omit<AgentJob, 'paidMsats' | 'spentMsats' | 'refundedMsats' | 'refundPendingMsats'> & {
  paidMsats: bigint;
  spentMsats: bigint;
  refundedMsats: bigint;
  refundPendingMsats: bigint;
};

const readFailures: Record<TokenFailureReason, string> = {
  malformed: 'Send `Authorization: L402 <macaroon>:<preimage>` with the token the job was created with.',
  bad_signature: 'This token was not issued by this server.',
  wrong_preimage: 'The preimage does not match the payment hash of this token.',
  expired: 'This token has expired: results are kept readable for 30 days after the job was paid.',
  caveat_exceeded: 'This token does not allow reading jobs.',
  wrong_endpoint: 'This token was not issued for creating a job.',
  unknown_caveat: 'This token carries a caveat this server does not know.',
};

/** The job id a request's token created; INVALID_TOKEN (401) for a bad token, NOT_FOUND for another job. */
export async function authorizeJobRead(request: Request, jobId: string, now = new Date()): Promise<string> {
  const verification = verifyToken({
    rootKey: await getL402RootKey(),
    authorizationHeader: request.headers.get('authorization'),
    now,
    expected: { endpoint: CREATE_JOB_ENDPOINT, judgments: 0 },
  });
  if (!verification.ok) throw new ApiError('INVALID_TOKEN', readFailures[verification.reason]);
  const job = await db.agentJob.findUnique({ where: { tokenId: verification.tokenId }, select: { id: true } });
  // Another job's id, or a token that has not created one yet: either way, nothing to show to this token.
  if (!job || job.id !== jobId) throw new ApiError('NOT_FOUND', 'No job with this id was created with this token.');
  return job.id;
}

/** `eta: false` skips the throughput estimate (two counts): for the long-poll loop, which only needs the state. */
export async function getAgentJob(jobId: string, options: { now?: Date; eta?: boolean } = {}): Promise<JobDto> {
  const job = await db.agentJob.findUniqueOrThrow({
    where: { id: jobId },
    select: {
      id: true, status: true, paidMsats: true, createdAt: true, deadlineAt: true, completedAt: true, projectId: true,
      project: { select: { teamId: true, taskType: true, judgmentsPerItem: true, treeConfig: true } },
    },
  });
  const escrowKey = accountKey({ kind: 'PROJECT_ESCROW', teamId: job.project.teamId, projectId: job.projectId });
  const refundKey = accountKey({ kind: 'AGENT_REFUND', teamId: job.project.teamId, projectId: job.projectId });
  const [counts] = await db.$queryRaw<{ items: number; itemsDone: number; judgments: number; spent: bigint | null; refunded: bigint | null; refundPending: bigint | null }[]>`
    SELECT
      (SELECT count(*)::int FROM "Item" WHERE "projectId" = ${job.projectId}::uuid AND NOT "isGold") AS items,
      (SELECT count(*)::int FROM "Item" WHERE "projectId" = ${job.projectId}::uuid AND NOT "isGold" AND status = 'DONE') AS "itemsDone",
      (SELECT count(*)::int FROM "Judgment" WHERE "projectId" = ${job.projectId}::uuid AND NOT "isExam" AND status <> 'REJECTED') AS judgments,
      (SELECT sum(t."amountMsats") FROM "LedgerTransfer" t JOIN "LedgerAccount" a ON a.id = t."debitAccountId"
        WHERE a.key = ${escrowKey} AND t.reason IN ('JUDGMENT_REWARD', 'PLATFORM_FEE'))::bigint AS spent,
      (SELECT sum(t."amountMsats") FROM "LedgerTransfer" t JOIN "LedgerAccount" a ON a.id = t."debitAccountId"
        WHERE a.key = ${refundKey} AND t.reason = 'AGENT_REFUND')::bigint AS refunded,
      (SELECT "balanceMsats" FROM "LedgerAccount" WHERE key = ${refundKey}) AS "refundPending"`;
  // A tree job's tasks open as its tree grows: what it needs is what it bought, not what is open so far.
  const treeConfig = job.project.treeConfig === null ? null : parseTreeConfig(job.project.treeConfig);
  const judgmentsNeeded = treeConfig
    ? Object.values(countTreeJobTasks(treeConfig)).reduce((sum, count) => sum + count, 0)
    : counts.items * job.project.judgmentsPerItem;
  const remaining = job.status === 'ACTIVE' ? Math.max(judgmentsNeeded - counts.judgments, 0) : 0;
  return {
    id: job.id,
    status: job.status,
    taskType: treeConfig ? getTreeJobKind(treeConfig) : job.project.taskType,
    itemsTotal: counts.items,
    itemsDone: counts.itemsDone,
    judgmentsNeeded,
    judgmentsDone: counts.judgments,
    paidMsats: job.paidMsats,
    spentMsats: counts.spent ?? 0n,
    refundedMsats: counts.refunded ?? 0n,
    refundPendingMsats: counts.refundPending ?? 0n,
    etaSeconds: job.status === 'ACTIVE' && options.eta !== false ? await estimateEtaSeconds(remaining, { projectId: job.projectId, now: options.now }) : null,
    createdAt: job.createdAt.toISOString(),
    deadlineAt: job.deadlineAt.toISOString(),
    completedAt: job.completedAt?.toISOString() ?? null,
  };
}
