import 'server-only';
import type { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import type { SessionMeta } from '@/lib/auth/sessions';
import { createToken, hashToken } from '@/lib/auth/tokens';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { sendMail } from '@/lib/mail/send';
import { enforceRateLimit } from '@/lib/rate-limit/consume';
import { lockTeamForManager, type PeopleManager } from './manager';
import { teamRoleLabels, type TeamRole } from './roles';
import { inviteSchema } from './schemas';

// Invitations into a team by email. The mail carries /invite/<token>; only the token's sha256 is stored. An invite
// works once, for INVITE_DAYS, and inviting the same address again revokes the pending one, so only the newest link
// works. The person becomes a member when they accept (lib/teams/accept.ts), never before.

export const INVITE_DAYS = 7;
const perTeam = { limit: 50, windowSeconds: 60 * 60 };
const TOO_MANY = 'Too many invites from this team in the last hour. Wait a little and try again.';
const MAIL_FAILED = 'The invite is saved but its mail could not be sent. Try inviting again in a moment.';

/** Creates the invite (replacing a pending one to the same address) and mails its link. Returns the invite's id. */
export async function inviteToTeam(by: PeopleManager, raw: z.input<typeof inviteSchema>, meta: SessionMeta = {}): Promise<{ inviteId: string }> {
  const input = inviteSchema.parse(raw);
  const token = createToken();
  const { invite, teamName } = await db.$transaction(async (tx) => {
    const team = await lockTeamForManager(tx, by, input.teamId);
    await enforceRateLimit(`team-invite:team:${team.id}`, perTeam, TOO_MANY, tx);
    const alreadyIn = await tx.teamMember.findFirst({ where: { teamId: team.id, user: { email: input.email } }, select: { userId: true } });
    if (alreadyIn) throw new AppError('CONFLICT', `${input.email} is already in this team: change their role instead.`);
    const now = new Date();
    const replaced = await tx.teamInvite.updateMany({ where: { teamId: team.id, email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const invite = await tx.teamInvite.create({
      data: { teamId: team.id, email: input.email, role: input.role, tokenHash: hashToken(token), invitedById: by.userId, expiresAt: new Date(now.getTime() + INVITE_DAYS * 24 * 3600_000) },
      select: { id: true },
    });
    await recordAudit(
      {
        actor: { kind: 'USER', userId: by.userId },
        action: 'team_invite.create',
        targetType: 'TeamInvite',
        targetId: invite.id,
        after: { teamId: team.id, email: input.email, role: input.role, replacedPending: replaced.count, byAdmin: Boolean(by.asAdmin) },
        ip: meta.ip ?? null,
      },
      tx,
    );
    return { invite, teamName: team.name };
  });
  try {
    await sendInviteMail({ to: input.email, token, teamName, role: input.role });
  } catch (error) {
    // The invite stays (pending, listed on the page); inviting again replaces it with one whose mail went out.
    logError('team invite mail failed', error, { inviteId: invite.id });
    throw new AppError('INVALID_STATE', MAIL_FAILED, { cause: error });
  }
  return { inviteId: invite.id };
}

async function sendInviteMail(mail: { to: string; token: string; teamName: string; role: TeamRole }): Promise<void> {
  const link = `${getEnv().publicUrl}/invite/${mail.token}`;
  // The team name is the only text here an outsider chose; mail is plain text, so it cannot carry markup.
  await sendMail({
    to: mail.to,
    subject: `You are invited to ${mail.teamName} on Boltwork`,
    text:
      `You are invited to join the team "${mail.teamName}" on Boltwork as ${teamRoleLabels[mail.role].toLowerCase()}.\n\n` +
      `Accept here within ${INVITE_DAYS} days. The link works once:\n${link}\n\n` +
      'If you did not expect this, ignore this mail: nothing happens unless you open the link.\n',
  });
}

/** Withdraws a pending invite: its link stops working. */
export async function revokeInvite(by: PeopleManager, input: { teamId: string; inviteId: string }, meta: SessionMeta = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeamForManager(tx, by, input.teamId);
    const revoked = await tx.teamInvite.updateMany({
      where: { id: input.inviteId, teamId: input.teamId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count !== 1) throw new AppError('NOT_FOUND', 'Invite not found.');
    await recordAudit({ actor: { kind: 'USER', userId: by.userId }, action: 'team_invite.revoke', targetType: 'TeamInvite', targetId: input.inviteId, ip: meta.ip ?? null }, tx);
  });
}
