import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { sendMail } from '@/lib/mail/send';
import { enforceClientLimit } from '@/lib/rate-limit/client-limits';
import { enforceRateLimit } from '@/lib/rate-limit/consume';
import { hashPassword, passwordRules } from './password';
import type { SessionMeta } from './sessions';

// "Forgot your password?" for ML-team members and admins (workers sign in with their wallet, no password). The
// link carries a random token; only its sha256 is stored. It works once, for RESET_MINUTES, and using it ends every
// session of the account. Asking never says whether an account exists: the answer is the same either way, and
// the limits (per address asking, per email asked for) apply either way too.

export const RESET_MINUTES = 30;
const perEmail = { limit: 3, windowSeconds: 60 * 60 };
const TOO_MANY = 'Too many reset requests. Wait an hour and try again.';
const LINK_GONE = 'This reset link has expired or was already used. Ask for a new one.';

export const resetRequestSchema = z.object({ email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254) });
export const resetPasswordSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, LINK_GONE),
    password: z.string().min(passwordRules.minLength, `Use at least ${passwordRules.minLength} characters.`).max(passwordRules.maxLength),
    confirm: z.string(),
  })
  .refine((input) => input.password === input.confirm, { message: 'The two passwords differ.', path: ['confirm'] });

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sends a reset link when a staff account has this email; says nothing either way. */
export async function requestPasswordReset(input: z.input<typeof resetRequestSchema>, meta: SessionMeta): Promise<void> {
  const { email } = resetRequestSchema.parse(input);
  await enforceClientLimit('passwordReset', meta.ip ?? null, TOO_MANY);
  await enforceRateLimit(`password-reset:email:${email}`, perEmail, TOO_MANY);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, roles: true, disabledAt: true } });
  if (!user || user.disabledAt || !(user.roles.includes('ADMIN') || user.roles.includes('REQUESTER'))) return;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000);
  await db.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt } });
  const link = `${getEnv().publicUrl}/login/email/reset?token=${token}`;
  await sendMail({
    to: email,
    subject: 'Reset your Boltwork password',
    text:
      `Someone (we hope you) asked to reset the password of ${email} on Boltwork.\n\n` +
      `Choose a new password here within ${RESET_MINUTES} minutes. The link works once:\n${link}\n\n` +
      'If it was not you, ignore this mail: your password stays as it is.\n',
  });
}

/** Sets the new password from a valid link, uses the link up, and ends every session of the account. */
export async function resetPassword(input: z.input<typeof resetPasswordSchema>, meta: SessionMeta): Promise<void> {
  const { token, password } = resetPasswordSchema.parse(input);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const now = new Date();
    const reset = await tx.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
    // Guarded update: of two uses at once, one wins and the other sees the link used.
    const used = reset && (await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } }));
    if (!reset || !used || used.count !== 1) throw new AppError('INVALID_INPUT', LINK_GONE);
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: reset.userId } });
    await tx.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
    await recordAudit({ actor: { kind: 'USER', userId: reset.userId }, action: 'password.reset', targetType: 'User', targetId: reset.userId, ip: meta.ip ?? null }, tx);
  });
}
