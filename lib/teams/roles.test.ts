import { describe, expect, it } from 'vitest';
import { canChangeTeamWork, canManagePeople, hasTeamRole, roleRefusal, teamRoles } from './roles';

describe('team roles', () => {
  it('rank owner over member over read-only', () => {
    const allowed = teamRoles.flatMap((role) => teamRoles.filter((min) => hasTeamRole(role, min)).map((min) => `${role}>=${min}`));
    expect(allowed.sort()).toEqual(['MEMBER>=MEMBER', 'MEMBER>=READ_ONLY', 'OWNER>=MEMBER', 'OWNER>=OWNER', 'OWNER>=READ_ONLY', 'READ_ONLY>=READ_ONLY']);
  });

  it('let members and owners change the team’s work, and only owners manage people', () => {
    expect(teamRoles.filter(canChangeTeamWork)).toEqual(['OWNER', 'MEMBER']);
    expect(teamRoles.filter(canManagePeople)).toEqual(['OWNER']);
    expect(roleRefusal('OWNER')).toMatch(/owner/);
    expect(roleRefusal('MEMBER')).toMatch(/Read-only/);
  });
});
