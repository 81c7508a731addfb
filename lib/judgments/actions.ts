'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/viewer';
import { approveJudgment, rejectJudgment } from './review';

const idSchema = z.object({ judgmentId: z.uuid() });
const rejectSchema = idSchema.extend({ reason: z.string().trim().min(3, 'Give a reason.').max(500) });

export async function approveJudgmentAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('ADMIN');
  const { judgmentId } = idSchema.parse({ judgmentId: formData.get('judgmentId') });
  await approveJudgment({ kind: 'ADMIN', userId: viewer.userId }, judgmentId);
  revalidatePath('/admin/review');
}

export async function rejectJudgmentAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('ADMIN');
  const { judgmentId, reason } = rejectSchema.parse({ judgmentId: formData.get('judgmentId'), reason: formData.get('reason') });
  await rejectJudgment({ kind: 'ADMIN', userId: viewer.userId }, judgmentId, reason);
  revalidatePath('/admin/review');
}
