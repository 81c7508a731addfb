import 'server-only';
// Turning a paid creation token into a job: the token's deposit becomes the escrow of a new project of the agents'
// team, with the request's items, in one transaction. The token id is unique in AgentJob, so however many times
// (or how concurrently) a token is presented, it creates one job.
import { recordAudit } from '@/lib/audit/record';
import { ApiError } from '@/lib/api/problem';
import { insertItemChunk } from '@/lib/batches/insert-items';
import { db, getSqlState, type Tx } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { settleDeposit } from '@/lib/funding/deposits';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import type { AgentRefundKind } from '@/lib/generated/prisma/enums';
import type { AgentJobRequest, ItemJobRequest } from './request';
import { createTreeJobProject } from './tree-create';
import { getAgentsTeamId } from './team';

export type CreateOutcome =
  | { kind: 'created'; jobId: string }
  | { kind: 'token_used'; jobId: string }
  | { kind: 'underpaid' };

const DEFAULT_TITLE = 'Quick judgments';
const ITEM_CHUNK = 500;

function refundOf(request: AgentJobRequest): { kind: AgentRefundKind; target: string } {
  const { refundTo } = request.input;
  return refundTo.type === 'lightning_address'
    ? { kind: 'LIGHTNING_ADDRESS', target: refundTo.address.toLowerCase() }
    : { kind: 'LNURL_PAY', target: refundTo.lnurl };
}

const isUniqueViolation = (error: unknown) => getSqlState(error) === '23505' || (error as { code?: string } | null)?.code === 'P2002';

async function findJobByToken(tokenId: string): Promise<string | null> {
  return (await db.agentJob.findUnique({ where: { tokenId }, select: { id: true } }))?.id ?? null;
}

export async function createAgentJob(
  request: AgentJobRequest,
  token: { paymentHash: string; tokenId: string },
  options: { now?: Date } = {},
): Promise<CreateOutcome> {
  const used = await findJobByToken(token.tokenId);
  if (used) return { kind: 'token_used', jobId: used };

  const teamId = await getAgentsTeamId();
  const deposit = await db.deposit.findFirst({ where: { paymentHash: token.paymentHash, teamId }, select: { id: true, amountMsats: true, status: true } });
  // Our signature with no deposit behind it: only possible after the database was reset under a kept root key.
  if (!deposit) throw new ApiError('INVALID_TOKEN', 'This token is not known here.');
  if (request.priceMsats > deposit.amountMsats) return { kind: 'underpaid' };
  // The preimage proves the invoice was paid; the node books it, and the escrow is credited, before any work exists.
  const status = deposit.status === 'PAID' ? 'PAID' : (await settleDeposit(deposit.id)).status;
  if (status !== 'PAID') {
    throw new ApiError('UNAVAILABLE', 'The payment is not yet confirmed by our Lightning node. Retry in a few seconds.', { retryAfterSeconds: 2 });
  }

  const now = options.now ?? new Date();
  const refund = refundOf(request);
  try {
    const jobId = await db.$transaction(
      async (tx) => {
        const project = { id: request.kind === 'items' ? await createItemProject(tx, request, teamId, now) : await createTreeJobProject(tx, request, teamId, now) };
        // The whole payment funds the job (the request may cost less than a token paid for); what is not spent is refunded.
        const teamEscrow = await getOrCreateAccount(tx, { kind: 'TEAM_ESCROW', teamId });
        const escrow = await getOrCreateAccount(tx, { kind: 'PROJECT_ESCROW', teamId, projectId: project.id });
        await postTransfer(tx, {
          debitAccountId: teamEscrow.id,
          creditAccountId: escrow.id,
          amountMsats: deposit.amountMsats,
          idempotencyKey: `agent-job:deposit:${deposit.id}`,
          reason: 'ESCROW_ALLOCATE',
          depositId: deposit.id,
          memo: 'L402 payment funds the agent job',
        });
        await tx.deposit.update({ where: { id: deposit.id }, data: { projectId: project.id } });
        const job = await tx.agentJob.create({
          data: {
            tokenId: token.tokenId,
            projectId: project.id,
            depositId: deposit.id,
            paidMsats: deposit.amountMsats,
            refundKind: refund.kind,
            refundTarget: refund.target,
            deadlineAt: new Date(now.getTime() + request.deadlineHours * 3600_000),
            createdAt: now,
          },
          select: { id: true },
        });
        await recordAudit(
          { actor: { kind: 'SYSTEM' }, action: 'agent_job.create', targetType: 'Project', targetId: project.id, after: { agentJobId: job.id, kind: request.input.taskType, items: request.kind === 'items' ? request.items.length : 0, judgments: request.judgments, paidMsats: deposit.amountMsats.toString() } },
          tx,
        );
        return job.id;
      },
      { timeout: 60_000 },
    );
    return { kind: 'created', jobId };
  } catch (error) {
    // A concurrent request with the same token won the race: it shows as a unique violation on the token id, or as
    // the deposit's allocation transfer already made for the winner's project.
    if (isUniqueViolation(error) || (isAppError(error) && error.code === 'CONFLICT')) {
      const winner = await findJobByToken(token.tokenId);
      if (winner) return { kind: 'token_used', jobId: winner };
    }
    throw error;
  }
}

/** An item job's project: the request's items in one imported batch. */
async function createItemProject(tx: Tx, request: ItemJobRequest, teamId: string, now: Date): Promise<string> {
  const project = await tx.project.create({
    data: {
      teamId,
      title: request.input.title ?? DEFAULT_TITLE,
      instructions: request.input.instructions,
      taskType: request.input.taskType,
      typeConfig: request.typeConfig as object,
      rewardMsats: request.rewardMsats,
      feeBps: request.feeBps,
      judgmentsPerItem: request.input.judgmentsPerItem,
      // The price covers exactly judgmentsPerItem per item: no dynamic overlap beyond what was paid.
      maxJudgmentsPerItem: request.input.judgmentsPerItem,
      goldRatio: 0,
      // Clean answers are approved (and paid) at once; flagged ones wait for an admin (lib/judgments/review.ts).
      autoApproveAfterSeconds: 0,
      status: 'ACTIVE',
    },
    select: { id: true },
  });
  const batch = await tx.batch.create({
    data: {
      projectId: project.id,
      sourceFileName: 'agent-request.json',
      format: 'jsonl',
      status: 'IMPORTED',
      totalRows: request.items.length,
      importedRows: request.items.length,
      completedAt: now,
    },
    select: { id: true },
  });
  const target = { projectId: project.id, batchId: batch.id, isGold: false, judgmentsPerItem: request.input.judgmentsPerItem };
  for (let start = 0; start < request.items.length; start += ITEM_CHUNK) {
    const chunk = request.items.slice(start, start + ITEM_CHUNK).map((item, offset) => ({ line: start + offset + 1, externalId: item.externalId, payloadJson: item.payloadJson, goldJson: null }));
    const duplicates = await insertItemChunk(tx, target, chunk);
    if (duplicates.length > 0) throw new Error('agent job items collided after validation');
  }
  return project.id;
}
