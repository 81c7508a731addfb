import 'server-only';
import type { Tx } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { FEE_INCOME_SHARDS, getOrCreateAccount } from '@/lib/ledger/accounts';
import { feeMsats } from '@/lib/ledger/money';
import { postTransfer } from '@/lib/ledger/transfer';
import { checkBudgetLow } from '@/lib/webhooks/events';

export type PayableJudgment = {
  id: string;
  workerId: string;
  projectId: string;
  rewardMsats: bigint;
  project: { teamId: string; feeBps: number };
};

export const payableJudgmentSelect = {
  id: true,
  workerId: true,
  projectId: true,
  rewardMsats: true,
  project: { select: { teamId: true, feeBps: true } },
} as const;

/**
 * Pays an approved judgment from its project's escrow: the reward to the worker, the platform fee to fee income,
 * and counts the approval on the worker. Call it in the same transaction that moved the judgment to APPROVED.
 * The transfer keys (`judgment:<id>:reward`, `judgment:<id>:fee`) are unique, so a judgment is paid at most once
 * whichever path approves it (review, auto-approval, an upheld appeal).
 */
export async function payJudgment(t: Tx, judgment: PayableJudgment): Promise<{ paid: boolean }> {
  // Every read and the worker's own row first: the two transfers lock the project's escrow, which every approval in
  // the project needs, so it is taken as late as possible and held only until the commit.
  const worker = await t.workerProfile.update({
    where: { id: judgment.workerId },
    data: { judgmentsApproved: { increment: 1 } },
    select: { lightningAddress: true },
  });
  let paid = false;
  if (judgment.rewardMsats > 0n) {
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: judgment.project.teamId, projectId: judgment.projectId });
    const workerAccount = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: judgment.workerId });
    const fee = feeMsats(judgment.rewardMsats, judgment.project.feeBps);
    const income = fee > 0n ? await getOrCreateAccount(t, { kind: 'FEE_INCOME', shard: feeShardOf(judgment.id) }) : null;
    const reward = await postTransfer(t, {
      debitAccountId: escrow.id,
      creditAccountId: workerAccount.id,
      amountMsats: judgment.rewardMsats,
      idempotencyKey: `judgment:${judgment.id}:reward`,
      reason: 'JUDGMENT_REWARD',
      judgmentId: judgment.id,
    });
    paid = reward.created;
    if (income) {
      await postTransfer(t, {
        debitAccountId: escrow.id,
        creditAccountId: income.id,
        amountMsats: fee,
        idempotencyKey: `judgment:${judgment.id}:fee`,
        reason: 'PLATFORM_FEE',
        judgmentId: judgment.id,
      });
    }
    await checkBudgetLow(t, judgment.projectId); // budget.low webhook, once per arming
  }
  // Workers with a Lightning Address are paid without scanning anything; the job batches small amounts.
  if (worker.lightningAddress && paid) {
    await enqueueJob('payout.lightning-address', { workerId: judgment.workerId }, { tx: t, singletonKey: judgment.workerId });
  }
  return { paid };
}

/** A stable shard per judgment (the last hex digits of its id), so a retried payment credits the same account. */
export function feeShardOf(judgmentId: string): number {
  return Number.parseInt(judgmentId.slice(-4), 16) % FEE_INCOME_SHARDS;
}
