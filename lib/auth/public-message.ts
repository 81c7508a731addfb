import 'server-only';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';

/** What a sign-in form may show of an error: an AppError's own message; anything else is logged and kept vague. */
export function publicMessage(error: unknown, context = 'auth action failed'): string {
  if (isAppError(error)) return error.message;
  logError(context, error);
  return 'Something went wrong. Please try again.';
}
