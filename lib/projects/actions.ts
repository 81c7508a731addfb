'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/viewer';
import { closeProject } from './close';

/** Closes one of the team's projects and returns its unused escrow to the team balance. */
export async function closeProjectAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('REQUESTER');
  const projectId = z.uuid().parse(formData.get('projectId'));
  await closeProject({ userId: viewer.userId }, projectId);
  revalidatePath(`/team/projects/${projectId}/fund`);
  revalidatePath('/team');
}
