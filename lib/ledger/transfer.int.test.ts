import { beforeEach, describe, expect, it } from 'vitest';
import { db, getSqlState } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getAccountBalance, getLedgerSum, getOrCreateAccount } from './accounts';
import { postTransfer, type TransferInput } from './transfer';

let workerId: string;
let accounts: { lightningIn: string; escrow: string; worker: string };

async function move(input: Omit<TransferInput, 'reason'> & { reason?: TransferInput['reason'] }) {
  return db.$transaction((tx) => postTransfer(tx, { reason: 'ADJUSTMENT', ...input }));
}

async function expectRefusedByDatabase(promise: Promise<unknown>, constraint: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the database should refuse this').not.toBeNull();
  expect(getSqlState(error)).toBe('23514');
  expect(String((error as Error).message) + JSON.stringify(error)).toContain(constraint);
}

beforeEach(async () => {
  const user = await db.user.create({
    data: { roles: ['WORKER'], workerProfile: { create: { linkingKey: `02${crypto.randomUUID().replaceAll('-', '')}`, displayName: 'W' } } },
    select: { workerProfile: { select: { id: true } } },
  });
  workerId = user.workerProfile!.id;
  const team = await db.team.create({ data: { name: 'T', slug: `t-${crypto.randomUUID()}` } });
  accounts = {
    lightningIn: (await getOrCreateAccount(db, { kind: 'LIGHTNING_IN' })).id,
    escrow: (await getOrCreateAccount(db, { kind: 'TEAM_ESCROW', teamId: team.id })).id,
    worker: (await getOrCreateAccount(db, { kind: 'WORKER_AVAILABLE', workerId })).id,
  };
});

describe('ledger transfers on real PostgreSQL', () => {
  it('moves money between accounts and keeps the ledger summing to zero', async () => {
    await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.escrow, amountMsats: 50_000n, idempotencyKey: `dep-${workerId}` });
    await move({ debitAccountId: accounts.escrow, creditAccountId: accounts.worker, amountMsats: 21_000n, idempotencyKey: `pay-${workerId}` });
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(21_000n);
    expect(await getLedgerSum(db)).toBe(0n);
    const [credits, debits] = await Promise.all([
      db.ledgerTransfer.aggregate({ where: { creditAccountId: accounts.worker }, _sum: { amountMsats: true } }),
      db.ledgerTransfer.aggregate({ where: { debitAccountId: accounts.worker }, _sum: { amountMsats: true } }),
    ]);
    expect((credits._sum.amountMsats ?? 0n) - (debits._sum.amountMsats ?? 0n)).toBe(21_000n);
  });

  it('does nothing when an idempotency key repeats', async () => {
    const input = { debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 7_000n, idempotencyKey: `once-${workerId}` };
    const first = await move(input);
    const second = await move(input);
    expect(first.created).toBe(true);
    expect(second).toEqual({ transferId: first.transferId, created: false });
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(7_000n);
    expect(await db.ledgerTransfer.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it('refuses a reused key that describes a different transfer', async () => {
    await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 1_000n, idempotencyKey: `k-${workerId}` });
    await expect(
      move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 2_000n, idempotencyKey: `k-${workerId}` }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(1_000n);
  });

  it('refuses a transfer that would make a worker balance negative, and rolls it back whole', async () => {
    await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 5_000n, idempotencyKey: `in-${workerId}` });
    const overdraw = move({ debitAccountId: accounts.worker, creditAccountId: accounts.escrow, amountMsats: 5_001n, idempotencyKey: `over-${workerId}` });
    await expect(overdraw).rejects.toBeInstanceOf(AppError);
    await expect(overdraw).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(5_000n);
    expect(await db.ledgerTransfer.count({ where: { idempotencyKey: `over-${workerId}` } })).toBe(0);
  });

  it('is the database itself that refuses a negative balance, even bypassing the app', async () => {
    await expectRefusedByDatabase(
      db.$executeRaw`UPDATE "LedgerAccount" SET "balanceMsats" = -1 WHERE id = ${accounts.worker}::uuid`,
      'ledger_account_balance_non_negative',
    );
    await expectRefusedByDatabase(
      db.$executeRaw`UPDATE "LedgerAccount" SET "balanceMsats" = -1 WHERE id = ${accounts.escrow}::uuid`,
      'ledger_account_balance_non_negative',
    );
  });

  it('lets only the Lightning contra accounts go below zero', async () => {
    await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.escrow, amountMsats: 3_000n, idempotencyKey: `c-${workerId}` });
    expect((await db.ledgerAccount.findUniqueOrThrow({ where: { id: accounts.lightningIn } })).balanceMsats).toBeLessThan(0n);
  });

  it('refuses non-positive amounts and edits to posted transfers at the database', async () => {
    const { transferId } = await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 1n, idempotencyKey: `p-${workerId}` });
    await expectRefusedByDatabase(
      db.$executeRaw`INSERT INTO "LedgerTransfer" (id, "debitAccountId", "creditAccountId", "amountMsats", "idempotencyKey", reason)
        VALUES (gen_random_uuid(), ${accounts.lightningIn}::uuid, ${accounts.worker}::uuid, 0, ${`zero-${workerId}`}, 'ADJUSTMENT')`,
      'ledger_transfer_amount_positive',
    );
    await expect(db.$executeRaw`UPDATE "LedgerTransfer" SET "amountMsats" = 2 WHERE id = ${transferId}::uuid`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "LedgerTransfer" WHERE id = ${transferId}::uuid`).rejects.toThrow(/append-only/);
  });

  it('never overdraws under concurrency: 30 racing 1-sat spends from a 10-sat balance', async () => {
    await move({ debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 10_000n, idempotencyKey: `fund-${workerId}` });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        move({ debitAccountId: accounts.worker, creditAccountId: accounts.escrow, amountMsats: 1_000n, idempotencyKey: `spend-${workerId}-${i}` }),
      ),
    );
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    expect(succeeded).toBe(10);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('posts a key once when the same transfer races itself', async () => {
    const input = { debitAccountId: accounts.lightningIn, creditAccountId: accounts.worker, amountMsats: 2_000n, idempotencyKey: `race-${workerId}` };
    const results = await Promise.all(Array.from({ length: 12 }, () => move(input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transferId)).size).toBe(1);
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(2_000n);
  });
});
