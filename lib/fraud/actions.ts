'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/viewer';
import { decideFlaggedWorker, type FlaggedWorkerDecision } from './decisions';
import { banWorkerSchema, workerDecisionSchema } from './schemas';

// Admin decisions on the flagged-workers page: each action re-checks the role, parses its form with zod and
// delegates to decideFlaggedWorker (which calls lib/trust/status.ts for status changes).

const fields = (formData: FormData, ...names: string[]) => Object.fromEntries(names.map((name) => [name, formData.get(name) ?? undefined]));

async function decide(formData: FormData, decision: FlaggedWorkerDecision): Promise<void> {
  const viewer = await requireRole('ADMIN');
  const { workerId, reason } =
    decision === 'BAN' ? banWorkerSchema.parse(fields(formData, 'workerId', 'reason', 'confirm')) : workerDecisionSchema.parse(fields(formData, 'workerId', 'reason'));
  await decideFlaggedWorker({ userId: viewer.userId }, workerId, decision, reason);
  revalidatePath('/admin/workers');
  revalidatePath(`/admin/workers/${workerId}`);
}

/** Pauses the worker (no new tasks) and marks their open flags ACTIONED. */
export async function pauseWorkerAction(formData: FormData): Promise<void> {
  await decide(formData, 'PAUSE');
}

/** Bans the worker: pending judgments are rejected and their rewards stay in project escrow. */
export async function banWorkerAction(formData: FormData): Promise<void> {
  await decide(formData, 'BAN');
}

/** A false alarm: the open flags become CLEARED; the worker's status is left as it is. */
export async function clearWorkerFlagsAction(formData: FormData): Promise<void> {
  await decide(formData, 'CLEAR');
}

/** Lets a paused or banned worker work again. */
export async function reactivateWorkerAction(formData: FormData): Promise<void> {
  await decide(formData, 'REACTIVATE');
}
