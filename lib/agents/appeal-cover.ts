import 'server-only';
// An upheld appeal in a closed agent job whose escrow is spent (the rejected answer was redone and paid, and the
// buyer got every judgment it paid for): the worker was right, so the platform pays them, from its fee income.
// Team projects and running jobs are left alone: their escrow pays, as for any approval.
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { PayableJudgment } from '@/lib/judgments/pay';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { postTransfer } from '@/lib/ledger/transfer';

export const APPEAL_COVER_MEMO = 'platform pays an upheld appeal: the agent job it belongs to is closed and its escrow spent';

/** Tops the job's escrow up to what paying `judgment` costs, from the fee income account holding the most. */
export async function coverUpheldAppeal(t: Tx, judgment: PayableJudgment): Promise<bigint> {
  const job = await t.agentJob.findUnique({ where: { projectId: judgment.projectId }, select: { status: true } });
  if (!job || job.status === 'ACTIVE') return 0n;
  const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: judgment.project.teamId, projectId: judgment.projectId });
  const [{ balance }] = await t.$queryRaw<{ balance: bigint }[]>`SELECT "balanceMsats" AS balance FROM "LedgerAccount" WHERE id = ${escrow.id}::uuid FOR UPDATE`;
  const missing = judgmentCostMsats(judgment.rewardMsats, judgment.project.feeBps) - balance;
  if (missing <= 0n) return 0n;
  const [income] = await t.$queryRaw<{ id: string }[]>`
    SELECT id FROM "LedgerAccount" WHERE kind = 'FEE_INCOME' AND "balanceMsats" >= ${missing}::bigint
    ORDER BY "balanceMsats" DESC LIMIT 1 FOR UPDATE`;
  if (!income) throw new AppError('INSUFFICIENT_FUNDS', 'This agent job is closed and its sats are spent, and the platform fee income cannot cover the appeal yet.');
  await postTransfer(t, {
    debitAccountId: income.id,
    creditAccountId: escrow.id,
    amountMsats: missing,
    idempotencyKey: `judgment:${judgment.id}:appeal-cover`,
    reason: 'ADJUSTMENT',
    judgmentId: judgment.id,
    memo: APPEAL_COVER_MEMO,
  });
  return missing;
}
