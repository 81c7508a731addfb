import 'server-only';
import { db, getSqlState, type Tx } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { accountKey, accountRow, type AccountSpec } from '@/lib/ledger/accounts';
import { feeMsats } from '@/lib/ledger/money';
import { postTransfers, type TransferInput } from '@/lib/ledger/transfer';
import { logError } from '@/lib/log';
import { lockWorkers } from '@/lib/trust/score';
import { checkBudgetLow } from '@/lib/webhooks/events';
import { feeShardOf } from './pay';
import { approveJudgment } from './review';

type Approved = { id: string; workerId: string; projectId: string; rewardMsats: bigint; teamId: string; feeBps: number };

/**
 * The quality evaluator's immediate approvals, many in one transaction: what approveJudgment + payJudgment do for
 * one judgment (PENDING -> APPROVED, reward escrow -> worker, fee escrow -> fee income under the same idempotency
 * keys, the worker's approved count, a budget.low check, a Lightning-address payout, an audit entry), with one
 * statement per kind instead of a dozen per judgment. If the batch cannot commit (an escrow that can't pay all of
 * it), each judgment is approved on its own; one that still fails stays PENDING for the auto-approval sweep.
 */
export async function approveJudgmentsAtOnce(judgmentIds: string[]): Promise<{ approved: number }> {
  try {
    return { approved: await retryDeadlocks(() => db.$transaction((tx) => approveInTransaction(tx, judgmentIds))) };
  } catch (error) {
    logError('batched approval failed; approving one by one', error, { judgments: judgmentIds.length });
  }
  let approved = 0;
  for (const id of judgmentIds) {
    try {
      if ((await retryDeadlocks(() => approveJudgment({ kind: 'AUTO' }, id))).paid) approved += 1;
    } catch (error) {
      logError('immediate auto-approval failed; the sweep will retry', error, { judgmentId: id });
    }
  }
  return { approved };
}

const DEADLOCK_RETRIES = 3;

/**
 * Runs a transaction again when PostgreSQL picked it as a deadlock's victim (it was rolled back whole, so running it
 * again is safe): the evaluator's approvals and a tree submit's own approval lock ledger rows in different orders.
 */
async function retryDeadlocks<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (getSqlState(error) !== '40P01' || attempt >= DEADLOCK_RETRIES) throw error;
    }
  }
}

async function approveInTransaction(tx: Tx, judgmentIds: string[]): Promise<number> {
  const now = new Date();
  const approved = await tx.$queryRaw<Approved[]>`
    UPDATE "Judgment" j SET status = 'APPROVED', "reviewSource" = 'AUTO', "reviewerId" = NULL, "reviewedAt" = ${now}
    FROM "Project" p
    WHERE j.id = ANY(${judgmentIds}::uuid[]) AND j.status = 'PENDING' AND p.id = j."projectId"
    RETURNING j.id::text AS id, j."workerId"::text AS "workerId", j."projectId"::text AS "projectId", j."rewardMsats",
      p."teamId"::text AS "teamId", p."feeBps"`;
  if (approved.length === 0) return 0;
  // Worker rows before ledger rows, as every approval takes them (review.ts), and in id order, as the evaluator does.
  await lockWorkers(tx, approved.map((j) => j.workerId));
  const paying = approved.filter((j) => j.rewardMsats > 0n);
  const accounts = await ensureAccounts(tx, [
    ...paying.map((j): AccountSpec => ({ kind: 'PROJECT_ESCROW', teamId: j.teamId, projectId: j.projectId })),
    ...paying.map((j): AccountSpec => ({ kind: 'WORKER_AVAILABLE', workerId: j.workerId })),
    ...paying.map((j): AccountSpec => ({ kind: 'FEE_INCOME', shard: feeShardOf(j.id) })),
  ]);
  const transfers: TransferInput[] = paying.flatMap((j) => {
    const escrow = accounts.get(accountKey({ kind: 'PROJECT_ESCROW', teamId: j.teamId, projectId: j.projectId }))!;
    const reward: TransferInput = {
      debitAccountId: escrow,
      creditAccountId: accounts.get(accountKey({ kind: 'WORKER_AVAILABLE', workerId: j.workerId }))!,
      amountMsats: j.rewardMsats,
      idempotencyKey: `judgment:${j.id}:reward`,
      reason: 'JUDGMENT_REWARD',
      judgmentId: j.id,
    };
    const fee = feeMsats(j.rewardMsats, j.feeBps);
    if (fee <= 0n) return [reward];
    const income = accounts.get(accountKey({ kind: 'FEE_INCOME', shard: feeShardOf(j.id) }))!;
    return [reward, { debitAccountId: escrow, creditAccountId: income, amountMsats: fee, idempotencyKey: `judgment:${j.id}:fee`, reason: 'PLATFORM_FEE', judgmentId: j.id }];
  });
  const recorded = await postTransfers(tx, transfers);
  const paidWorkers = new Set(paying.filter((j) => recorded.has(`judgment:${j.id}:reward`)).map((j) => j.workerId));

  const perWorker = new Map<string, number>();
  for (const j of approved) perWorker.set(j.workerId, (perWorker.get(j.workerId) ?? 0) + 1);
  const workers = await tx.$queryRaw<{ id: string; lightningAddress: string | null }[]>`
    UPDATE "WorkerProfile" w SET "judgmentsApproved" = w."judgmentsApproved" + c.n, "updatedAt" = now()
    FROM unnest(${[...perWorker.keys()]}::uuid[], ${[...perWorker.values()]}::int[]) AS c(id, n)
    WHERE w.id = c.id
    RETURNING w.id::text AS id, w."lightningAddress"`;
  for (const projectId of new Set(paying.map((j) => j.projectId))) await checkBudgetLow(tx, projectId);
  // Workers with a Lightning Address are paid without scanning anything; the job batches small amounts.
  for (const worker of workers) {
    if (worker.lightningAddress && paidWorkers.has(worker.id)) {
      await enqueueJob('payout.lightning-address', { workerId: worker.id }, { tx, singletonKey: worker.id });
    }
  }
  await tx.auditLog.createMany({
    data: approved.map((j) => ({ actorKind: 'SYSTEM', action: 'judgment.approve', targetType: 'Judgment', targetId: j.id, after: { status: 'APPROVED' } })),
  });
  return approved.length;
}

/** Finds or creates every account named (once each, in one statement each), returning their ids by key. */
async function ensureAccounts(tx: Tx, specs: AccountSpec[]): Promise<Map<string, string>> {
  const byKey = new Map(specs.map((spec) => [accountKey(spec), spec]));
  if (byKey.size === 0) return new Map();
  await tx.ledgerAccount.createMany({ data: [...byKey.values()].map(accountRow), skipDuplicates: true });
  const rows = await tx.ledgerAccount.findMany({ where: { key: { in: [...byKey.keys()] } }, select: { id: true, key: true } });
  return new Map(rows.map((row) => [row.key, row.id]));
}
