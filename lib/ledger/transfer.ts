import 'server-only';
import { getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
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

  const { count } = await tx.ledgerTransfer.createMany({ data: [input], skipDuplicates: true });
  const transfer = await tx.ledgerTransfer.findUniqueOrThrow({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true, debitAccountId: true, creditAccountId: true, amountMsats: true },
  });
  if (count === 0) {
    const same =
      transfer.debitAccountId === input.debitAccountId &&
      transfer.creditAccountId === input.creditAccountId &&
      transfer.amountMsats === input.amountMsats;
    if (!same) throw new AppError('CONFLICT', 'This idempotency key was already used for a different transfer.');
    return { transferId: transfer.id, created: false };
  }

  // Lock and update both rows in ascending id order, so concurrent transfers cannot deadlock.
  const moves = [
    { id: input.debitAccountId, delta: -input.amountMsats },
    { id: input.creditAccountId, delta: input.amountMsats },
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  try {
    for (const move of moves) {
      const updated = await tx.$executeRaw`
        UPDATE "LedgerAccount" SET "balanceMsats" = "balanceMsats" + ${move.delta}, "updatedAt" = now()
        WHERE id = ${move.id}::uuid`;
      if (updated !== 1) throw new AppError('NOT_FOUND', 'Ledger account not found.');
    }
  } catch (error) {
    if (getSqlState(error) === '23514') {
      throw new AppError('INSUFFICIENT_FUNDS', 'Not enough funds for this transfer.', { cause: error });
    }
    throw error;
  }
  return { transferId: transfer.id, created: true };
}
