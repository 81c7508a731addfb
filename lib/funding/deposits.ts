import 'server-only';
// Deposits: a team funds a project's escrow by paying a Lightning invoice issued by the platform's node.
// A deposit goes PENDING -> PAID | EXPIRED | CANCELLED, and leaves PENDING only through a guarded UPDATE,
// so escrow is credited exactly once however many pollers, jobs or notifications race to settle it.
import { db, getSqlState } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { DepositStatus } from '@/lib/generated/prisma/enums';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { getLightningBackend, type LightningBackend } from '@/lib/lightning';
import { logError } from '@/lib/log';
import { rearmBudgetAlert } from '@/lib/webhooks/events';
import { DEPOSIT_EXPIRY_SECONDS, depositAmountMsatsSchema } from './schemas';

export type CreateDepositInput = {
  teamId: string;
  projectId: string;
  amountMsats: bigint;
  createdById: string | null;
  /** The same key for the same team returns the deposit made the first time. */
  idempotencyKey?: string;
};

const depositSelect = {
  id: true,
  teamId: true,
  projectId: true,
  amountMsats: true,
  bolt11: true,
  paymentHash: true,
  backend: true,
  status: true,
  createdAt: true,
  expiresAt: true,
  paidAt: true,
} as const;

export type Deposit = {
  id: string;
  teamId: string;
  projectId: string | null;
  amountMsats: bigint;
  bolt11: string;
  paymentHash: string;
  backend: string;
  status: DepositStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
};

/** Idempotency keys are unique across the table: scope them by team so teams cannot collide or probe. */
const scopedKey = (teamId: string, key: string) => `team:${teamId}:${key}`;

async function findByKey(teamId: string, idempotencyKey: string, input: CreateDepositInput): Promise<Deposit | null> {
  const existing = await db.deposit.findUnique({ where: { idempotencyKey: scopedKey(teamId, idempotencyKey) }, select: depositSelect });
  if (!existing) return null;
  if (existing.projectId !== input.projectId || existing.amountMsats !== input.amountMsats) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different deposit.');
  }
  return existing;
}

/** Issues an invoice on the platform's node for the project's escrow and records it as a PENDING deposit. */
export async function createDeposit(input: CreateDepositInput, backend: LightningBackend = getLightningBackend()): Promise<Deposit> {
  const parsed = depositAmountMsatsSchema.safeParse(input.amountMsats);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid amount.');
  if (input.idempotencyKey !== undefined && (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 200)) {
    throw new AppError('INVALID_INPUT', 'The idempotency key must be 1 to 200 characters.');
  }
  if (input.idempotencyKey) {
    const existing = await findByKey(input.teamId, input.idempotencyKey, input);
    if (existing) return existing;
  }
  const project = await db.project.findFirst({ where: { id: input.projectId, teamId: input.teamId }, select: { title: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');

  const invoice = await backend.createInvoice({
    amountMsats: parsed.data,
    description: `Boltwork: fund ${project.title}`.slice(0, 200),
    expirySeconds: DEPOSIT_EXPIRY_SECONDS,
  });
  try {
    return await db.deposit.create({
      data: {
        teamId: input.teamId,
        projectId: input.projectId,
        amountMsats: parsed.data,
        bolt11: invoice.bolt11,
        paymentHash: invoice.paymentHash,
        backend: backend.kind,
        status: 'PENDING',
        idempotencyKey: input.idempotencyKey ? scopedKey(input.teamId, input.idempotencyKey) : null,
        createdById: input.createdById,
        expiresAt: invoice.expiresAt,
      },
      select: depositSelect,
    });
  } catch (error) {
    // A concurrent request with the same key won: return its deposit (our invoice just expires unpaid).
    const isDuplicate = getSqlState(error) === '23505' || (error as { code?: string }).code === 'P2002';
    if (isDuplicate && input.idempotencyKey) {
      const existing = await findByKey(input.teamId, input.idempotencyKey, input);
      if (existing) return existing;
    }
    throw error;
  }
}

export type SettleResult = { status: DepositStatus; credited: boolean };

/**
 * Asks the node about the deposit's invoice. When it is paid, marks the deposit PAID and credits the project's
 * escrow in one transaction; the guarded UPDATE lets exactly one caller through, and the transfer's idempotency
 * key (`deposit:<id>`) is a second guard. An invoice that expired unpaid makes the deposit EXPIRED.
 */
export async function settleDeposit(depositId: string, backend: LightningBackend = getLightningBackend()): Promise<SettleResult> {
  const deposit = await db.deposit.findUnique({ where: { id: depositId }, select: depositSelect });
  if (!deposit) throw new AppError('NOT_FOUND', 'Deposit not found.');
  if (deposit.status !== 'PENDING') return { status: deposit.status, credited: false };
  // An invoice issued by another backend (the node was switched) cannot be looked up here: leave it alone.
  if (deposit.backend !== backend.kind) return { status: deposit.status, credited: false };

  const invoice = await backend.getInvoice(deposit.paymentHash);
  if (invoice.status === 'PAID') {
    return db.$transaction(async (tx) => {
      const paidAt = invoice.paidAt ?? new Date();
      const updated = await tx.$executeRaw`
        UPDATE "Deposit" SET "status" = 'PAID', "paidAt" = ${paidAt}
        WHERE id = ${deposit.id}::uuid AND "status" = 'PENDING'`;
      if (updated !== 1) {
        const current = await tx.deposit.findUniqueOrThrow({ where: { id: deposit.id }, select: { status: true } });
        return { status: current.status, credited: false };
      }
      const lightningIn = await getOrCreateAccount(tx, { kind: 'LIGHTNING_IN' });
      const escrow = await getOrCreateAccount(
        tx,
        deposit.projectId
          ? { kind: 'PROJECT_ESCROW', teamId: deposit.teamId, projectId: deposit.projectId }
          : { kind: 'TEAM_ESCROW', teamId: deposit.teamId },
      );
      const transfer = await postTransfer(tx, {
        debitAccountId: lightningIn.id,
        creditAccountId: escrow.id,
        amountMsats: deposit.amountMsats,
        idempotencyKey: `deposit:${deposit.id}`,
        reason: 'DEPOSIT',
        depositId: deposit.id,
        memo: 'Lightning deposit',
      });
      await rearmBudgetAlert(tx, deposit.projectId); // budget.low may fire again once the escrow is back above its threshold
      return { status: 'PAID' as const, credited: transfer.created };
    });
  }

  const isExpired =
    invoice.status === 'EXPIRED' || (invoice.status === 'NOT_FOUND' && deposit.expiresAt <= new Date());
  const next: DepositStatus | null = isExpired ? 'EXPIRED' : invoice.status === 'CANCELLED' ? 'CANCELLED' : null;
  if (!next) return { status: 'PENDING', credited: false };
  const { count } = await db.deposit.updateMany({ where: { id: deposit.id, status: 'PENDING' }, data: { status: next } });
  if (count === 1) return { status: next, credited: false };
  const current = await db.deposit.findUniqueOrThrow({ where: { id: deposit.id }, select: { status: true } });
  return { status: current.status, credited: false };
}

/** The `deposit.watch` job: settles every PENDING deposit. Idempotent; one bad deposit does not stop the rest. */
export async function watchPendingDeposits(backend: LightningBackend = getLightningBackend()) {
  const pending = await db.deposit.findMany({
    where: { status: 'PENDING', backend: backend.kind },
    orderBy: { createdAt: 'asc' },
    take: 500,
    select: { id: true },
  });
  const counts = { checked: pending.length, paid: 0, expired: 0, failed: 0 };
  for (const { id } of pending) {
    try {
      const result = await settleDeposit(id, backend);
      if (result.credited) counts.paid++;
      else if (result.status === 'EXPIRED') counts.expired++;
    } catch (error) {
      counts.failed++;
      logError('deposit settle failed', error, { depositId: id });
    }
  }
  return counts;
}
