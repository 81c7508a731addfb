import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { enforceClientLimit, clientLimits } from '@/lib/rate-limit/client-limits';
import { consumeRateLimit, enforceRateLimit, peekRateLimit, resetRateLimit } from '@/lib/rate-limit/consume';
import { burnPasswordCheck, passwordRules, verifyPassword } from './password';
import { createSession, type SessionMeta } from './sessions';

export const staffSignInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(passwordRules.maxLength),
});
export type StaffSignInInput = z.infer<typeof staffSignInSchema>;

// Guessing is limited without handing anyone a switch that locks an owner out:
//   - per account and address: 8 attempts per 15 minutes from one address at one account, then that address (only)
//     waits; the owner, elsewhere, is not affected;
//   - per address: the client limit slows spraying many accounts from one place;
//   - per account, from everywhere: once 10 wrong passwords arrived within 15 minutes, the account takes one
//     attempt per 3 seconds. Guessing from many addresses is capped at 20 a minute, and the owner waits 3 seconds
//     at most, never a lockout.
export const loginLimits = {
  perAccountAndAddress: { limit: 8, windowSeconds: 15 * 60 },
  perIp: clientLimits.passwordSignIn,
  accountFailures: { limit: 10, windowSeconds: 15 * 60 },
  accountPace: { limit: 1, windowSeconds: 3 },
} as const;

const WRONG_CREDENTIALS = 'Wrong email or password.';
const TOO_MANY = 'Too many sign-in attempts. Wait a few minutes and try again.';
const SLOW_DOWN = 'This account is getting many wrong passwords. Wait a few seconds and try again.';

const keys = (email: string, ip: string | null) => ({
  accountAndAddress: `login:email:${email}:ip:${ip ?? 'unknown'}`,
  failures: `login:failures:${email}`,
  pace: `login:pace:${email}`,
});

/** Checks an ML-team member's or admin's password and opens a session. */
export async function signInWithPassword(
  input: StaffSignInInput,
  meta: SessionMeta,
): Promise<{ token: string; expiresAt: Date; roles: string[] }> {
  const key = keys(input.email, meta.ip ?? null);
  // An unknown address counts against the shared bucket (lib/rate-limit/client-limits.ts), never skips the limit.
  await enforceClientLimit('passwordSignIn', meta.ip ?? null, TOO_MANY);
  await enforceRateLimit(key.accountAndAddress, loginLimits.perAccountAndAddress, TOO_MANY);
  if ((await peekRateLimit(key.failures)) >= loginLimits.accountFailures.limit) {
    await enforceRateLimit(key.pace, loginLimits.accountPace, SLOW_DOWN);
  }

  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, roles: true, disabledAt: true },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    await consumeRateLimit(key.failures, loginLimits.accountFailures);
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  const isStaff = user.roles.includes('ADMIN') || user.roles.includes('REQUESTER');
  if (!(await verifyPassword(user.passwordHash, input.password)) || !isStaff || user.disabledAt) {
    await consumeRateLimit(key.failures, loginLimits.accountFailures);
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await resetRateLimit(key.accountAndAddress);
  const session = await createSession(user.id, 'PASSWORD', meta);
  return { ...session, roles: user.roles };
}
