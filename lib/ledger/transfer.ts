import 'server-only';
import { getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createUuidV7 } from '@/lib/assignment/ids';
import type { TransferReason } from '@/lib/generated/prisma/enums';

export type TransferInput = {
  debitAccountId: string;
  creditAccountId: string;
  amountMsats: bigint;
  idempotencyKey: string;
  reason: TransferReason;
  memo?: string;
  judgmentId?: string;
  depositId?: string;
  withdrawalId?: string;
  agentRefundId?: string;
};

export type TransferResult = { transferId: string; created: boolean };

/**
 * Moves msats from the debit account to the credit account, inside the caller's transaction so the
 * balance change commits or rolls back with the state change that caused it. A repeated idempotency
 * key moves nothing and returns the first transfer. The database refuses a balance below zero.
 */
export async function postTransfer(tx: Tx, input: TransferInput): Promise<TransferResult> {
  if (input.amountMsats <= 0n) throw new AppError('INVALID_INPUT', 'A transfer must move a positive amount.');
  if (input.debitAccountId === input.creditAccountId) throw new AppError('INVALID_INPUT', 'A transfer needs two accounts.');

  // One statement, one round trip: record the transfer, then lock both accounts in id order (so concurrent transfers
  // can't deadlock) and move the balances. A repeated key inserts nothing, so nothing moves.
  const { debitAccountId, creditAccountId, amountMsats } = input;
  let written: { id: string | null; moved: number } | undefined;
  try {
    [written] = await tx.$queryRaw<{ id: string | null; moved: number }[]>`
      WITH inserted AS (
        INSERT INTO "LedgerTransfer" (id, "debitAccountId", "creditAccountId", "amountMsats", "idempotencyKey", reason, memo,
          "judgmentId", "depositId", "withdrawalId", "agentRefundId")
        VALUES (${createUuidV7()}::uuid, ${debitAccountId}::uuid, ${creditAccountId}::uuid, ${amountMsats}::bigint,
          ${input.idempotencyKey}, ${input.reason}::"TransferReason", ${input.memo ?? null}, ${input.judgmentId ?? null}::uuid,
          ${input.depositId ?? null}::uuid, ${input.withdrawalId ?? null}::uuid, ${input.agentRefundId ?? null}::uuid)
        ON CONFLICT ("idempotencyKey") DO NOTHING
        RETURNING id
      ), locked AS (
        SELECT id FROM "LedgerAccount"
        WHERE id IN (${debitAccountId}::uuid, ${creditAccountId}::uuid) AND EXISTS (SELECT 1 FROM inserted)
        ORDER BY id FOR NO KEY UPDATE
      ), moved AS (
        UPDATE "LedgerAccount" a SET
          "balanceMsats" = a."balanceMsats" + CASE WHEN a.id = ${debitAccountId}::uuid THEN -${amountMsats}::bigint ELSE ${amountMsats}::bigint END,
          "updatedAt" = now()
        FROM locked WHERE a.id = locked.id
        RETURNING a.id
      )
      SELECT (SELECT id::text FROM inserted) AS id, (SELECT count(*)::int FROM moved) AS moved`;
  } catch (error) {
    if (getSqlState(error) === '23514') {
      throw new AppError('INSUFFICIENT_FUNDS', 'Not enough funds for this transfer.', { cause: error });
    }
    throw error;
  }
  if (written?.id) {
    if (written.moved !== 2) throw new AppError('NOT_FOUND', 'Ledger account not found.');
    return { transferId: written.id, created: true };
  }
  const transfer = await tx.ledgerTransfer.findUniqueOrThrow({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true, debitAccountId: true, creditAccountId: true, amountMsats: true },
  });
  const same = transfer.debitAccountId === debitAccountId && transfer.creditAccountId === creditAccountId && transfer.amountMsats === amountMsats;
  if (!same) throw new AppError('CONFLICT', 'This idempotency key was already used for a different transfer.');
  return { transferId: transfer.id, created: false };
}

/**
 * postTransfer for many transfers in one statement (batched approvals, a payout's booking): every transfer is recorded under its own
 * idempotency key (a repeated key records and moves nothing), then each account touched is locked once, in id
 * order, and moved by the sum of its transfers. All of them commit or none does: an account that would go below
 * zero fails the whole statement with INSUFFICIENT_FUNDS. Returns the keys that were recorded now.
 */
export async function postTransfers(tx: Tx, inputs: TransferInput[]): Promise<Set<string>> {
  if (inputs.length === 0) return new Set();
  for (const input of inputs) {
    if (input.amountMsats <= 0n) throw new AppError('INVALID_INPUT', 'A transfer must move a positive amount.');
    if (input.debitAccountId === input.creditAccountId) throw new AppError('INVALID_INPUT', 'A transfer needs two accounts.');
  }
  const rows = inputs.map((input) => ({
    id: createUuidV7(),
    debit: input.debitAccountId,
    credit: input.creditAccountId,
    amount: input.amountMsats.toString(),
    key: input.idempotencyKey,
    reason: input.reason,
    memo: input.memo ?? null,
    judgmentId: input.judgmentId ?? null,
    withdrawalId: input.withdrawalId ?? null,
  }));
  try {
    const [written] = await tx.$queryRaw<{ keys: string[] | null }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(id uuid, debit uuid, credit uuid, amount bigint, key text, reason "TransferReason", memo text, "judgmentId" uuid, "withdrawalId" uuid)
      ), inserted AS (
        INSERT INTO "LedgerTransfer" (id, "debitAccountId", "creditAccountId", "amountMsats", "idempotencyKey", reason, memo, "judgmentId", "withdrawalId")
        SELECT id, debit, credit, amount, key, reason, memo, "judgmentId", "withdrawalId" FROM input
        ON CONFLICT ("idempotencyKey") DO NOTHING
        RETURNING "debitAccountId", "creditAccountId", "amountMsats", "idempotencyKey"
      ), deltas AS (
        SELECT account, sum(delta)::bigint AS delta FROM (
          SELECT "debitAccountId" AS account, -"amountMsats" AS delta FROM inserted
          UNION ALL SELECT "creditAccountId", "amountMsats" FROM inserted
        ) moves GROUP BY account
      ), locked AS (
        SELECT a.id FROM "LedgerAccount" a WHERE a.id IN (SELECT account FROM deltas) ORDER BY a.id FOR NO KEY UPDATE
      ), moved AS (
        UPDATE "LedgerAccount" a SET "balanceMsats" = a."balanceMsats" + d.delta, "updatedAt" = now()
        FROM deltas d WHERE a.id = d.account AND a.id IN (SELECT id FROM locked)
        RETURNING a.id
      )
      SELECT (SELECT json_agg("idempotencyKey") FROM inserted) AS keys, (SELECT count(*) FROM moved) AS moved`;
    return new Set(written?.keys ?? []);
  } catch (error) {
    if (getSqlState(error) === '23514') throw new AppError('INSUFFICIENT_FUNDS', 'Not enough funds for these transfers.', { cause: error });
    throw error;
  }
}
