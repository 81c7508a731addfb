'use server';
// The members page (/team/members): owners invite, change roles, remove people and withdraw invites. Each action
// re-checks the session and that the caller is an OWNER of the team named in the form (another team's id is "not
// found"), parses with zod, and delegates; the services check the owner again inside their transaction.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { publicMessage } from '@/lib/auth/public-message';
import { getRequestMeta } from '@/lib/auth/request-context';
import { requireTeamRole } from './access';
import { inviteToTeam, revokeInvite } from './invites';
import { changeMemberRole, removeMember } from './members';
import { changeRoleSchema, inviteSchema, removeMemberSchema, revokeInviteSchema } from './schemas';

export type PeopleFormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined>; notice?: string };

const PAGE = '/team/members';

/** Parses the form, checks the caller owns the team in it, runs `work`; failures come back as the form's state. */
async function runAsOwner<S extends z.ZodType<{ teamId: string }>>(
  schema: S,
  formData: FormData,
  work: (by: { userId: string }, input: z.infer<S>) => Promise<string>,
): Promise<PeopleFormState> {
  try {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: 'Please fix the highlighted fields.', fieldErrors: z.flattenError(parsed.error).fieldErrors as PeopleFormState['fieldErrors'] };
    const owner = await requireTeamRole('OWNER', parsed.data.teamId);
    const notice = await work(owner, parsed.data);
    revalidatePath(PAGE);
    return { ok: true, notice };
  } catch (error) {
    return { ok: false, error: publicMessage(error, 'team people action failed') };
  }
}

export async function inviteMemberAction(_prev: PeopleFormState, formData: FormData): Promise<PeopleFormState> {
  return runAsOwner(inviteSchema, formData, async (by, input) => {
    await inviteToTeam(by, input, await getRequestMeta());
    return `Invite sent to ${input.email}.`;
  });
}

export async function changeMemberRoleAction(_prev: PeopleFormState, formData: FormData): Promise<PeopleFormState> {
  return runAsOwner(changeRoleSchema, formData, async (by, input) => {
    await changeMemberRole(by, input, await getRequestMeta());
    return 'Role changed.';
  });
}

export async function removeMemberAction(_prev: PeopleFormState, formData: FormData): Promise<PeopleFormState> {
  return runAsOwner(removeMemberSchema, formData, async (by, input) => {
    await removeMember(by, input, await getRequestMeta());
    return 'Removed from the team.';
  });
}

export async function revokeInviteAction(_prev: PeopleFormState, formData: FormData): Promise<PeopleFormState> {
  return runAsOwner(revokeInviteSchema, formData, async (by, input) => {
    await revokeInvite(by, input, await getRequestMeta());
    return 'Invite withdrawn.';
  });
}
