import { z } from 'zod';
import { passwordRules } from '@/lib/auth/password';
import { hasNoNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';
import { teamRoles } from './roles';

// The team people forms (admin: new team; owners: invite, role, remove; invitees: accept), parsed on the server.

export const INVITE_LINK_GONE = 'This invite has expired, was already used or was replaced by a newer one. Ask the team for a new one.';

const email = z.string().trim().toLowerCase().email('Enter a valid email address.').max(254);
const teamRole = z.enum(teamRoles, 'Choose owner, member or read-only.');

export const createTeamSchema = z.object({
  // No control characters: the name goes into mail subjects.
  name: z.string().trim().min(2, 'Give the team a name.').max(80).regex(/^[^\u0000-\u001f\u007f]*$/, 'Use a name on one line, without control characters.'),
  ownerEmail: email,
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const inviteSchema = z.object({ teamId: z.uuid(), email, role: teamRole });

export const changeRoleSchema = z.object({ teamId: z.uuid(), userId: z.uuid(), role: teamRole });
export const removeMemberSchema = z.object({ teamId: z.uuid(), userId: z.uuid() });
export const revokeInviteSchema = z.object({ teamId: z.uuid(), inviteId: z.uuid() });

export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, INVITE_LINK_GONE);

export const acceptWithNewAccountSchema = z
  .object({
    token: inviteTokenSchema,
    name: z.string().trim().min(1, 'Enter your name.').max(120).refine(hasNoNul, NUL_FIELD_MESSAGE),
    password: z.string().min(passwordRules.minLength, `Use at least ${passwordRules.minLength} characters.`).max(passwordRules.maxLength),
    confirm: z.string(),
  })
  .refine((input) => input.password === input.confirm, { message: 'The two passwords differ.', path: ['confirm'] });
export type AcceptWithNewAccountInput = z.input<typeof acceptWithNewAccountSchema>;
