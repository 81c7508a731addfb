'use server';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { isDemoMode } from '@/lib/demo/accounts';
import { AppError, isAppError } from '@/lib/errors';
import { msatsToSats, satsToMsats } from '@/lib/ledger/money';
import { logError } from '@/lib/log';
import { toQrDataUrl } from '@/lib/qr';
import { requireProjectRole, requireTeamRole } from '@/lib/teams/access';
import { createDeposit } from './deposits';
import { getDemoTeamWallet } from './demo-wallet';
import { getDepositForMember, type DepositDto } from './queries';
import { createDepositInputSchema, depositIdSchema } from './schemas';

function publicError(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'Invalid input.';
  logError('funding action failed', error);
  return 'Something went wrong. Please try again.';
}

const createActionSchema = createDepositInputSchema.extend({ idempotencyKey: z.string().min(8).max(100).optional() });

export type CreateDepositResult =
  | { ok: true; depositId: string; bolt11: string; qrDataUrl: string; amountSats: string; expiresAt: string }
  | { ok: false; error: string };

/** Issues a Lightning invoice that funds one of the viewer's team's projects. */
export async function createDepositAction(input: {
  projectId: string;
  amountSats: number | string;
  idempotencyKey?: string;
}): Promise<CreateDepositResult> {
  try {
    await requireRole('REQUESTER');
    const parsed = createActionSchema.safeParse(input);
    if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid input.');
    const { projectId, amountSats, idempotencyKey } = parsed.data;
    // The project must belong to a team the viewer is in (others look like missing projects), as a MEMBER or OWNER.
    const actor = await requireProjectRole(projectId, 'MEMBER');
    const deposit = await createDeposit({
      teamId: actor.teamId,
      projectId,
      amountMsats: satsToMsats(amountSats),
      createdById: actor.userId,
      idempotencyKey,
    });
    return {
      ok: true,
      depositId: deposit.id,
      bolt11: deposit.bolt11,
      // Uppercase with the scheme keeps the QR in alphanumeric mode: smaller and quicker to scan.
      qrDataUrl: await toQrDataUrl(`LIGHTNING:${deposit.bolt11.toUpperCase()}`),
      amountSats: msatsToSats(deposit.amountMsats).toString(),
      expiresAt: deposit.expiresAt.toISOString(),
    };
  } catch (error) {
    return { ok: false, error: publicError(error) };
  }
}

/** The live state of one of the viewer's team's deposits; settles it on read. Null when not theirs. */
export async function getDepositStatusAction(depositId: string): Promise<DepositDto | null> {
  try {
    const viewer = await requireRole('REQUESTER');
    const id = depositIdSchema.safeParse(depositId);
    if (!id.success) return null;
    return await getDepositForMember(viewer.userId, id.data);
  } catch (error) {
    publicError(error);
    return null;
  }
}

/** Demo mode: the demo team's simulated wallet pays the deposit invoice over the simulated network. */
export async function payDepositWithDemoWalletAction(depositId: string): Promise<{ ok: boolean; reason?: string }> {
  try {
    const viewer = await requireRole('REQUESTER');
    if (!isDemoMode()) throw new AppError('FORBIDDEN', 'This is only available in demo mode.');
    const id = depositIdSchema.safeParse(depositId);
    if (!id.success) throw new AppError('INVALID_INPUT', 'Invalid deposit.');
    const deposit = await db.deposit.findFirst({
      where: { id: id.data, team: { members: { some: { userId: viewer.userId } } } },
      select: { teamId: true, bolt11: true, paymentHash: true, amountMsats: true, status: true },
    });
    if (!deposit) throw new AppError('NOT_FOUND', 'Deposit not found.');
    await requireTeamRole('MEMBER', deposit.teamId);
    if (deposit.status !== 'PENDING') throw new AppError('INVALID_STATE', 'This invoice can no longer be paid.');
    const outcome = await getDemoTeamWallet().payInvoice({
      bolt11: deposit.bolt11,
      paymentHash: deposit.paymentHash,
      amountMsats: deposit.amountMsats,
      feeLimitMsats: deposit.amountMsats / 100n + 1000n,
      timeoutSeconds: 30,
    });
    if (outcome.status === 'FAILED') return { ok: false, reason: `The demo wallet could not pay: ${outcome.reason}` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: publicError(error) };
  }
}
