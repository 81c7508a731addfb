import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/password';
import { createSession, type SessionMeta, type Viewer } from '@/lib/auth/sessions';
import { hashToken } from '@/lib/auth/tokens';
import { db, getSqlState, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { enforceClientLimit } from '@/lib/rate-limit/client-limits';
import type { TeamRole } from './roles';
import { acceptWithNewAccountSchema, INVITE_LINK_GONE, inviteTokenSchema, type AcceptWithNewAccountInput } from './schemas';

// Accepting an invite (the /invite/<token> page). The token proves the mailbox; a new account gets a name and a
// password, an existing one signs in first, so both the mailbox and the account are proven. Of two accepts of one
// link at once exactly one wins: the invite row is claimed with a guarded UPDATE in the same transaction that makes
// the membership. Admin accounts are refused: admins act on teams through the admin panel (audited), never as
// members, so an admin session can never carry a team role.

const ADMIN_REFUSED = 'This address belongs to an admin account, which cannot join teams. Ask for an invite to another address.';
const SIGN_IN_FIRST = 'An account with this address already exists: sign in with it to accept.';
const TOO_MANY = 'Too many attempts. Wait a few minutes and try again.';

export type InviteView = {
  teamName: string;
  email: string;
  role: TeamRole;
  invitedBy: string | null;
  expiresAt: Date;
  /** Whether an account has the invited address: the page offers "sign in" instead of "create an account". */
  hasAccount: boolean;
};

type LiveInvite = { id: string; teamId: string; email: string; role: TeamRole };

async function findLiveInvite(token: string, tx: Db = db): Promise<(LiveInvite & { team: { name: string }; invitedBy: { name: string | null } | null; expiresAt: Date }) | null> {
  return tx.teamInvite.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, teamId: true, email: true, role: true, expiresAt: true, team: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
}

/** What the invite page shows, or null when the link is unknown, used, revoked or expired. */
export async function getInviteView(token: string): Promise<InviteView | null> {
  if (!inviteTokenSchema.safeParse(token).success) return null;
  const invite = await findLiveInvite(token);
  if (!invite) return null;
  const account = await db.user.findUnique({ where: { email: invite.email }, select: { id: true } });
  return {
    teamName: invite.team.name,
    email: invite.email,
    role: invite.role,
    invitedBy: invite.invitedBy?.name ?? null,
    expiresAt: invite.expiresAt,
    hasAccount: account !== null,
  };
}

/** Uses the invite up, in `tx`: of two uses at once, one wins and the other sees the link gone. */
async function claimInvite(tx: Db, invite: LiveInvite): Promise<void> {
  const claimed = await tx.teamInvite.updateMany({
    where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (claimed.count !== 1) throw new AppError('INVALID_INPUT', INVITE_LINK_GONE);
}

async function joinTeam(tx: Db, invite: LiveInvite, userId: string, meta: SessionMeta): Promise<void> {
  const existing = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId: invite.teamId, userId } }, select: { role: true } });
  if (existing) throw new AppError('CONFLICT', 'You are already in this team.');
  await tx.teamMember.create({ data: { teamId: invite.teamId, userId, role: invite.role } });
  await recordAudit(
    { actor: { kind: 'USER', userId }, action: 'team_invite.accept', targetType: 'TeamInvite', targetId: invite.id, after: { teamId: invite.teamId, role: invite.role }, ip: meta.ip ?? null },
    tx,
  );
}

async function findLiveInviteOrThrow(token: string, meta: SessionMeta): Promise<LiveInvite> {
  await enforceClientLimit('inviteAccept', meta.ip ?? null, TOO_MANY);
  const invite = await findLiveInvite(token);
  if (!invite) throw new AppError('INVALID_INPUT', INVITE_LINK_GONE);
  return invite;
}

/** A new account (REQUESTER, with the invited address) joins the team; returns its first session. */
export async function acceptInviteWithNewAccount(input: AcceptWithNewAccountInput, meta: SessionMeta): Promise<{ token: string; expiresAt: Date }> {
  const { token, name, password } = acceptWithNewAccountSchema.parse(input);
  const invite = await findLiveInviteOrThrow(token, meta);
  if (await db.user.findUnique({ where: { email: invite.email }, select: { id: true } })) throw new AppError('CONFLICT', SIGN_IN_FIRST);
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      await claimInvite(tx, invite);
      const user = await tx.user.create({ data: { email: invite.email, name, roles: ['REQUESTER'], passwordHash }, select: { id: true } });
      await joinTeam(tx, invite, user.id, meta);
      return createSession(user.id, 'PASSWORD', meta, tx);
    });
  } catch (error) {
    // The address got an account a moment ago (another team's invite accepted at the same time).
    if (getSqlState(error) === '23505' || (error as { code?: string } | null)?.code === 'P2002') throw new AppError('CONFLICT', SIGN_IN_FIRST);
    throw error;
  }
}

/** The signed-in viewer, whose address the invite names, joins the team. */
export async function acceptInviteAsViewer(viewer: Pick<Viewer, 'userId'>, token: string, meta: SessionMeta): Promise<{ teamId: string }> {
  if (!inviteTokenSchema.safeParse(token).success) throw new AppError('INVALID_INPUT', INVITE_LINK_GONE);
  const invite = await findLiveInviteOrThrow(token, meta);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { email: true, roles: true, disabledAt: true } });
    if (user.email !== invite.email) throw new AppError('FORBIDDEN', `This invite is for ${invite.email}. Sign out and sign in with that address.`);
    if (user.roles.includes('ADMIN')) throw new AppError('FORBIDDEN', ADMIN_REFUSED);
    if (user.disabledAt) throw new AppError('FORBIDDEN', 'This account is disabled.');
    await claimInvite(tx, invite);
    await joinTeam(tx, invite, viewer.userId, meta);
  });
  return { teamId: invite.teamId };
}
