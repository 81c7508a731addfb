'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { formIdOrNotFound, orNotFound, orRefused } from '@/lib/http/not-found';
import { logError } from '@/lib/log';
import { requireProjectRole, requireTeamRole } from '@/lib/teams/access';
import { closeProject } from './close';
import { createProjectInputSchema, setProjectStatusInputSchema, toFieldErrors, updateProjectInputSchema } from './schemas';
import { createProject, setProjectStatus, updateProject } from './service';

/** Closes one of the team's projects and returns its unused escrow to the team balance. */
export async function closeProjectAction(formData: FormData): Promise<void> {
  const projectId = formIdOrNotFound(formData, 'projectId');
  const actor = await orRefused(requireProjectRole(projectId, 'MEMBER'));
  await orNotFound(closeProject(actor, projectId));
  revalidatePath(`/team/projects/${projectId}/fund`);
  revalidatePath('/team');
}

export type ProjectActionResult =
  | { ok: true; projectId: string }
  | { ok: false; error: string; fieldErrors: Record<string, string> };

/** Never throws for bad input: the form keeps what was typed and shows the messages next to the fields. */
function toFailure(error: unknown): Extract<ProjectActionResult, { ok: false }> {
  if (error instanceof z.ZodError) return { ok: false, error: 'Please fix the highlighted fields.', fieldErrors: toFieldErrors(error) };
  if (isAppError(error)) return { ok: false, error: error.message, fieldErrors: {} };
  logError('project action failed', error);
  return { ok: false, error: 'Something went wrong. Please try again.', fieldErrors: {} };
}

const projectIdSchema = z.uuid();

export async function createProjectAction(input: unknown): Promise<ProjectActionResult> {
  try {
    const actor = await requireTeamRole('MEMBER');
    const settings = createProjectInputSchema.parse(input);
    const project = await createProject(actor, settings);
    revalidatePath('/team');
    return { ok: true, projectId: project.id };
  } catch (error) {
    return toFailure(error);
  }
}

export async function updateProjectAction(projectId: unknown, input: unknown): Promise<ProjectActionResult> {
  try {
    const id = projectIdSchema.parse(projectId);
    const actor = await requireProjectRole(id, 'MEMBER');
    const patch = updateProjectInputSchema.parse(input);
    await updateProject(actor, id, patch);
    revalidatePath(`/team/projects/${id}`, 'layout');
    revalidatePath('/team');
    return { ok: true, projectId: id };
  } catch (error) {
    return toFailure(error);
  }
}

/** Publish, pause or resume. */
export async function setProjectStatusAction(projectId: unknown, status: unknown): Promise<ProjectActionResult> {
  try {
    const id = projectIdSchema.parse(projectId);
    const actor = await requireProjectRole(id, 'MEMBER');
    const parsed = setProjectStatusInputSchema.parse({ status });
    await setProjectStatus(actor, id, parsed.status);
    revalidatePath(`/team/projects/${id}`, 'layout');
    revalidatePath('/team');
    return { ok: true, projectId: id };
  } catch (error) {
    return toFailure(error);
  }
}
