import 'server-only';
// Booking what the node said about a payout, exactly once: the guarded status change and the ledger moves share a
// transaction. A payout never leaves a final state (PAID, FAILED), so a second answer books nothing.
import { db, type Tx } from '@/lib/db';
import { accountKey, getOrCreateAccount, type AccountSpec } from '@/lib/ledger/accounts';
import { postTransfer, postTransfers, type TransferInput } from '@/lib/ledger/transfer';
import { reserveFor } from './policy';
import { utcNow } from './sql';

export type Payout = { id: string; workerId: string; linkId: string | null; amountMsats: bigint; feeLimitMsats: bigint; paymentHash: string; bolt11: string };

type PaidRow = { maxMsats: bigint | null; reservedId: string | null; availableId: string | null; outId: string | null; feesId: string | null };

/** Payouts credit one of this many LIGHTNING_OUT and ROUTING_FEES accounts each (AccountSpec), chosen by payout id. */
const PAYOUT_ACCOUNT_SHARDS = 16;

/** A stable shard per payout (the last hex digits of its id): a second booking attempt picks the same accounts. */
const payoutShardOf = (withdrawalId: string) => Number.parseInt(withdrawalId.slice(-4), 16) % PAYOUT_ACCOUNT_SHARDS;

/**
 * PAID: the worker's reservation pays the amount and the actual fee; the rest goes back to them. One statement marks
 * the payout PAID (only from SENDING/UNKNOWN), its link USED, and finds the four accounts; one more makes the three
 * transfers. The platform's contra accounts are sharded, so concurrent payouts rarely wait on each other.
 */
export async function settlePaid(payout: Payout, preimage: string, feeMsats: bigint): Promise<boolean> {
  const shard = payoutShardOf(payout.id);
  const specs = {
    reserved: { kind: 'WORKER_RESERVED', workerId: payout.workerId },
    available: { kind: 'WORKER_AVAILABLE', workerId: payout.workerId },
    out: { kind: 'LIGHTNING_OUT', shard },
    fees: { kind: 'ROUTING_FEES', shard },
  } satisfies Record<string, AccountSpec>;
  return db.$transaction(async (t) => {
    const [row] = await t.$queryRaw<PaidRow[]>`
      WITH paid AS (
        UPDATE "Withdrawal" SET status = 'PAID', preimage = ${preimage}, "feeMsats" = ${feeMsats}, "settledAt" = ${utcNow}, "updatedAt" = ${utcNow}
        WHERE id = ${payout.id}::uuid AND status IN ('SENDING', 'UNKNOWN')
        RETURNING "linkId"
      ), used AS ( -- a data-modifying CTE always runs to completion, referenced or not
        UPDATE "WithdrawLink" l SET status = 'USED', "usedAt" = ${utcNow} FROM paid WHERE l.id = paid."linkId" AND l.status = 'CLAIMED'
        RETURNING l.id
      )
      SELECT (SELECT l."maxMsats" FROM "WithdrawLink" l WHERE l.id = paid."linkId") AS "maxMsats",
             (SELECT id::text FROM "LedgerAccount" WHERE key = ${accountKey(specs.reserved)}) AS "reservedId",
             (SELECT id::text FROM "LedgerAccount" WHERE key = ${accountKey(specs.available)}) AS "availableId",
             (SELECT id::text FROM "LedgerAccount" WHERE key = ${accountKey(specs.out)}) AS "outId",
             (SELECT id::text FROM "LedgerAccount" WHERE key = ${accountKey(specs.fees)}) AS "feesId"
        FROM paid`;
    if (!row) return false;
    // Accounts exist after the first payout; a fresh platform creates them here.
    const id = async (found: string | null, spec: AccountSpec) => found ?? (await getOrCreateAccount(t, spec)).id;
    const reservedId = await id(row.reservedId, specs.reserved);
    const reservation = row.maxMsats !== null ? reserveFor(row.maxMsats) : payout.amountMsats + payout.feeLimitMsats;
    const moves: [string, bigint, string, TransferInput['reason']][] = [
      [await id(row.outId, specs.out), payout.amountMsats, 'paid', 'WITHDRAWAL_PAID'],
      [await id(row.feesId, specs.fees), feeMsats, 'fee', 'ROUTING_FEE'],
      [await id(row.availableId, specs.available), reservation - payout.amountMsats - feeMsats, 'unused-reserve', 'WITHDRAWAL_REFUND'],
    ];
    // One statement for the three, each under its own key; accounts are locked in id order (postTransfers).
    await postTransfers(
      t,
      moves
        .filter(([, amountMsats]) => amountMsats > 0n)
        .map(([to, amountMsats, suffix, reason]) => ({ debitAccountId: reservedId, creditAccountId: to, amountMsats, idempotencyKey: `withdrawal:${payout.id}:${suffix}`, reason, withdrawalId: payout.id })),
    );
    return true;
  });
}

/**
 * A definite failure: the payout ends FAILED. A link opens again, still holding its reservation; a payout
 * without a link (Lightning Address) gives its reservation back to the worker at once.
 */
export async function settleFailed(payout: Payout, reason: string): Promise<boolean> {
  return db.$transaction(async (t: Tx) => {
    const { count } = await t.withdrawal.updateMany({
      where: { id: payout.id, status: { in: ['SENDING', 'UNKNOWN'] } },
      data: { status: 'FAILED', failureReason: reason.slice(0, 500), settledAt: new Date() },
    });
    if (count !== 1) return false;
    if (payout.linkId) {
      await t.withdrawLink.updateMany({ where: { id: payout.linkId, status: 'CLAIMED' }, data: { status: 'OPEN' } });
      return true;
    }
    const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId: payout.workerId });
    const available = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: payout.workerId });
    await postTransfer(t, {
      debitAccountId: reserved.id,
      creditAccountId: available.id,
      amountMsats: payout.amountMsats + payout.feeLimitMsats,
      idempotencyKey: `withdrawal:${payout.id}:refund`,
      reason: 'WITHDRAWAL_REFUND',
      withdrawalId: payout.id,
    });
    return true;
  });
}
