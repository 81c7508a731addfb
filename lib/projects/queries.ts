import 'server-only';
// Reads for the team's project pages. Each checks the session itself (style S3): a REQUESTER in the project's team.
import { cache } from 'react';
import { isAppError } from '@/lib/errors';
import { requireProjectMember, type TeamMemberActor } from '@/lib/teams/access';
import type { ProjectDto } from './schemas';
import { getProject, getProjectEditLocks } from './service';
import { getProjectStats, type ProjectStats } from './stats';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The viewer's actor and the project, or null when it does not exist or belongs to another team (pages answer 404).
 * Cached per request: the project layout and its page both ask.
 */
export const loadTeamProjectOrNotFound = cache(async (projectId: string): Promise<{ actor: TeamMemberActor; project: ProjectDto } | null> => {
  if (!uuid.test(projectId)) return null;
  try {
    const actor = await requireProjectMember(projectId);
    return { actor, project: await getProject(actor, projectId) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
});

export async function getProjectDashboard(projectId: string): Promise<{ project: ProjectDto; stats: ProjectStats } | null> {
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded) return null;
  return { project: loaded.project, stats: await getProjectStats(loaded.actor, projectId) };
}

export async function getProjectSettingsPage(projectId: string) {
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded) return null;
  return { project: loaded.project, locks: await getProjectEditLocks(loaded.actor, projectId), role: loaded.actor.role };
}
