import type { TeamRole } from '@/lib/generated/prisma/enums';

// What each team role may do, in one place, so the access layer, the services and the pages agree. Isomorphic:
// pages use it to hide controls, but the server checks it again on every call (lib/teams/access.ts).

export type { TeamRole };

export const teamRoles = ['OWNER', 'MEMBER', 'READ_ONLY'] as const satisfies readonly TeamRole[];

/** Each role can do everything the roles below it can. */
const rank: Record<TeamRole, number> = { READ_ONLY: 0, MEMBER: 1, OWNER: 2 };

export function hasTeamRole(role: TeamRole, min: TeamRole): boolean {
  return rank[role] >= rank[min];
}

/** Changing anything of the team's (projects, batches, funding, exports, keys, webhooks) needs a MEMBER. */
export const canChangeTeamWork = (role: TeamRole) => hasTeamRole(role, 'MEMBER');
/** Inviting, changing roles and removing people needs an OWNER. */
export const canManagePeople = (role: TeamRole) => hasTeamRole(role, 'OWNER');

export const teamRoleLabels: Record<TeamRole, string> = { OWNER: 'Owner', MEMBER: 'Member', READ_ONLY: 'Read-only' };

/** The refusal a role below `min` gets; safe to show. */
export function roleRefusal(min: TeamRole): string {
  return min === 'OWNER' ? 'Only a team owner can do this.' : 'Read-only members can look but not change anything.';
}
