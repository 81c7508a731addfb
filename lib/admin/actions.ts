'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { retryGivenUpRefund } from '@/lib/agents/retry';
import { getRequestMeta } from '@/lib/auth/request-context';
import { publicMessage } from '@/lib/auth/public-message';
import { requireRole } from '@/lib/auth/viewer';
import { createTeam } from '@/lib/teams/create-team';
import { inviteToTeam } from '@/lib/teams/invites';
import { createTeamSchema, inviteSchema } from '@/lib/teams/schemas';
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

export type AdminTeamFormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined>; notice?: string };

const teamFormFailure = (error: z.ZodError): AdminTeamFormState => ({ ok: false, error: 'Please fix the highlighted fields.', fieldErrors: z.flattenError(error).fieldErrors });

/** An admin creates a team and invites its first owner by email. Audited. */
export async function createTeamAction(_prev: AdminTeamFormState, formData: FormData): Promise<AdminTeamFormState> {
  try {
    const viewer = await requireRole('ADMIN');
    const parsed = createTeamSchema.safeParse({ name: formData.get('name'), ownerEmail: formData.get('ownerEmail') });
    if (!parsed.success) return teamFormFailure(parsed.error);
    await createTeam(viewer.userId, parsed.data, await getRequestMeta());
    revalidatePath('/admin/teams');
    return { ok: true, notice: `Created ${parsed.data.name}; the invite went to ${parsed.data.ownerEmail}.` };
  } catch (error) {
    return { ok: false, error: publicMessage(error, 'create team failed') };
  }
}

/** An admin invites an owner into an existing team (a team whose owner invite expired, or that lost its owners). */
export async function inviteTeamOwnerAction(_prev: AdminTeamFormState, formData: FormData): Promise<AdminTeamFormState> {
  try {
    const viewer = await requireRole('ADMIN');
    const parsed = inviteSchema.safeParse({ teamId: formData.get('teamId'), email: formData.get('email'), role: 'OWNER' });
    if (!parsed.success) return teamFormFailure(parsed.error);
    await inviteToTeam({ userId: viewer.userId, asAdmin: true }, parsed.data, await getRequestMeta());
    revalidatePath('/admin/teams');
    return { ok: true, notice: `Invite sent to ${parsed.data.email}.` };
  } catch (error) {
    return { ok: false, error: publicMessage(error, 'invite team owner failed') };
  }
}
