'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { retryGivenUpRefund } from '@/lib/agents/retry';
import { requireRole } from '@/lib/auth/viewer';
import { setProjectStatusAsAdmin } from './projects';
import { adminProjectStatusSchema } from './schemas';

/** An admin pauses (or resumes) any team's project, with a reason. Audited. */
export async function setProjectStatusAsAdminAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('ADMIN');
  const input = adminProjectStatusSchema.parse({ projectId: formData.get('projectId'), intent: formData.get('intent'), reason: formData.get('reason') });
  await setProjectStatusAsAdmin({ userId: viewer.userId }, input.projectId, input.intent === 'pause' ? 'PAUSED' : 'ACTIVE', input.reason);
  revalidatePath('/admin/projects');
  revalidatePath('/admin');
}

/** An admin retries an agent refund the job worker gave up on. Audited. */
export async function retryAgentRefundAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('ADMIN');
  await retryGivenUpRefund({ userId: viewer.userId }, z.uuid().parse(formData.get('jobId')));
  revalidatePath('/admin/payouts');
}
