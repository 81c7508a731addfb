import 'server-only';
import { randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record';
import type { SessionMeta } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { slugify } from '@/lib/exports/download';
import { inviteToTeam } from './invites';
import { createTeamSchema, type CreateTeamInput } from './schemas';

// Admins create teams (outside demo mode nothing else does). The team starts with no member: its first owner is
// invited by email and becomes a member on accepting, with a password of their own.

/** Creates the team and invites its first owner. The caller has checked that `adminUserId` is an admin. */
export async function createTeam(adminUserId: string, input: CreateTeamInput, meta: SessionMeta = {}): Promise<{ teamId: string; inviteId: string }> {
  const { name, ownerEmail } = createTeamSchema.parse(input);
  const owner = await db.user.findUnique({ where: { email: ownerEmail }, select: { roles: true } });
  // Admins are never team members (lib/teams/accept.ts): say so now rather than mail a link that cannot work.
  if (owner?.roles.includes('ADMIN')) throw new AppError('CONFLICT', `${ownerEmail} is an admin account, which cannot join teams. Invite another address.`);
  // A random suffix keeps slugs unique and away from the reserved ones (the demo team, the agents' team).
  const slug = `${slugify(name)}-${randomBytes(3).toString('hex')}`;
  const team = await db.$transaction(async (tx) => {
    const created = await tx.team.create({ data: { name, slug }, select: { id: true } });
    await recordAudit({ actor: { kind: 'USER', userId: adminUserId }, action: 'team.create', targetType: 'Team', targetId: created.id, after: { name, slug, ownerEmail }, ip: meta.ip ?? null }, tx);
    return created;
  });
  const { inviteId } = await inviteToTeam({ userId: adminUserId, asAdmin: true }, { teamId: team.id, email: ownerEmail, role: 'OWNER' }, meta);
  return { teamId: team.id, inviteId };
}
