// Data for the team's upload and items pages: the viewer must be a member of the project's team, else null (404).
import 'server-only';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { requireProjectMember, type TeamMemberActor } from '@/lib/teams/access';
import { getImportProject } from './queries';

export async function loadProjectForMember(projectId: string): Promise<{ actor: TeamMemberActor; project: Awaited<ReturnType<typeof getImportProject>> } | null> {
  if (!z.uuid().safeParse(projectId).success) return null;
  try {
    const actor = await requireProjectMember(projectId);
    return { actor, project: await getImportProject(actor, projectId) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
