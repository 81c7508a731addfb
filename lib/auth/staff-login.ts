import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { enforceClientLimit, clientLimits } from '@/lib/rate-limit/client-limits';
import { enforceRateLimit, resetRateLimit } from '@/lib/rate-limit/consume';
import { burnPasswordCheck, passwordRules, verifyPassword } from './password';
import { createSession, type SessionMeta } from './sessions';

export const staffSignInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(passwordRules.maxLength),
});
export type StaffSignInInput = z.infer<typeof staffSignInSchema>;

// Per address: slows guessing one account; per IP: slows spraying many accounts from one place.
export const loginLimits = {
  perEmail: { limit: 8, windowSeconds: 15 * 60 },
  perIp: clientLimits.passwordSignIn,
} as const;

const WRONG_CREDENTIALS = 'Wrong email or password.';

/** Checks an ML-team member's or admin's password and opens a session. */
export async function signInWithPassword(
  input: StaffSignInInput,
  meta: SessionMeta,
): Promise<{ token: string; expiresAt: Date; roles: string[] }> {
  const tooMany = 'Too many sign-in attempts. Wait a few minutes and try again.';
  await enforceRateLimit(`login:email:${input.email}`, loginLimits.perEmail, tooMany);
  // An unknown address counts against the shared bucket (lib/rate-limit/client-limits.ts), never skips the limit.
  await enforceClientLimit('passwordSignIn', meta.ip ?? null, tooMany);

  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, roles: true, disabledAt: true },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  const isStaff = user.roles.includes('ADMIN') || user.roles.includes('REQUESTER');
  if (!(await verifyPassword(user.passwordHash, input.password)) || !isStaff || user.disabledAt) {
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await resetRateLimit(`login:email:${input.email}`);
  const session = await createSession(user.id, 'PASSWORD', meta);
  return { ...session, roles: user.roles };
}
