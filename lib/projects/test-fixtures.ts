// Shared by the project service's integration tests: a team member and a valid classification project.
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { createTestTeam } from '@/lib/assignment/test-fixtures';
import type { TeamActor } from '@/lib/teams/actor';
import type { CreateProjectInput } from './schemas';

export async function createTeamActor(): Promise<TeamActor> {
  const teamId = await createTestTeam();
  const user = await db.user.create({ data: { email: `${randomUUID()}@team.example`, roles: ['REQUESTER'] } });
  await db.teamMember.create({ data: { teamId, userId: user.id } });
  return { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
}

export const classificationProject: CreateProjectInput = {
  title: 'Review sentiment',
  instructions: 'Pick the **sentiment**.',
  taskType: 'CLASSIFICATION',
  typeConfig: { labels: ['positive', 'negative'] },
  rewardSats: 5,
  judgmentsPerItem: 3,
};
