'use server';
// Server actions for /team/webhooks. Each re-checks the session and team membership (actions are public POST
// endpoints) and delegates to the service, which scopes everything by the actor's team.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { requireTeamRole } from '@/lib/teams/access';
import { createWebhookInputSchema, webhookIdSchema, type CreatedWebhookDto } from './schemas';
import { createWebhook, deleteWebhook, sendTestEvent, setWebhookActive } from './service';

export type WebhookActionResult = { ok: true } | { ok: false; error: string };
export type CreateWebhookActionResult = { ok: true; webhook: CreatedWebhookDto } | { ok: false; error: string };

const PAGE = '/team/webhooks';

function failure(error: unknown): { ok: false; error: string } {
  if (isAppError(error)) return { ok: false, error: error.message };
  if (error instanceof z.ZodError) return { ok: false, error: error.issues[0]?.message ?? 'Invalid input.' };
  logError('webhook action failed', error);
  return { ok: false, error: 'Something went wrong. Please try again.' };
}

function parseId(id: unknown): string {
  const parsed = webhookIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Webhook not found.');
  return parsed.data;
}

export async function createWebhookAction(input: { url: string; events: string[] }): Promise<CreateWebhookActionResult> {
  try {
    const actor = await requireTeamRole('MEMBER');
    const webhook = await createWebhook(actor, createWebhookInputSchema.parse(input));
    revalidatePath(PAGE);
    return { ok: true, webhook };
  } catch (error) {
    return failure(error);
  }
}

export async function setWebhookActiveAction(id: string, active: boolean): Promise<WebhookActionResult> {
  try {
    const actor = await requireTeamRole('MEMBER');
    await setWebhookActive(actor, parseId(id), z.boolean().parse(active));
    revalidatePath(PAGE);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteWebhookAction(id: string): Promise<WebhookActionResult> {
  try {
    const actor = await requireTeamRole('MEMBER');
    await deleteWebhook(actor, parseId(id));
    revalidatePath(PAGE);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function sendTestEventAction(id: string): Promise<WebhookActionResult> {
  try {
    const actor = await requireTeamRole('MEMBER');
    await sendTestEvent(actor, parseId(id));
    revalidatePath(PAGE);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
