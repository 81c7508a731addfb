'use server';
// The API keys page's mutations (style D2): each re-checks the session and team, parses with zod, then delegates.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { formIdOrNotFound, orNotFound, orRefused } from '@/lib/http/not-found';
import { logError } from '@/lib/log';
import { requireTeamRole } from '@/lib/teams/access';
import { createApiKey, revokeApiKey } from './keys';
import { createApiKeyInputSchema } from './schemas';

export type CreateApiKeyState = { ok: true; key: string; name: string } | { ok: false; error: string } | null;

function publicError(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'Invalid input.';
  logError('api key action failed', error);
  return 'Something went wrong. Please try again.';
}

/** Creates a key and hands it to the page once; only its hash is kept. */
export async function createApiKeyAction(_previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  try {
    const actor = await requireTeamRole('MEMBER');
    const input = createApiKeyInputSchema.parse({
      name: formData.get('name'),
      scopes: formData.get('readOnly') === 'on' ? ['read'] : undefined,
    });
    const { key, apiKey } = await createApiKey(actor, input);
    revalidatePath('/team/api');
    return { ok: true, key, name: apiKey.name };
  } catch (error) {
    return { ok: false, error: publicError(error) };
  }
}

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const actor = await orRefused(requireTeamRole('MEMBER'));
  await orNotFound(revokeApiKey(actor, formIdOrNotFound(formData, 'apiKeyId')));
  revalidatePath('/team/api');
}
