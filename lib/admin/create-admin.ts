import 'server-only';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword, passwordRules } from '@/lib/auth/password';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';

// The first admin of a deployment (`npm run admin:create`): outside demo mode nothing else creates one, and every
// other account is made by an admin from there. Also promotes an existing account (e.g. a team member) to admin.

export const createAdminSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(passwordRules.minLength, `The password needs at least ${passwordRules.minLength} characters.`).max(passwordRules.maxLength),
  name: z.string().trim().min(1).max(120).optional(),
});

export type CreateAdminResult = { userId: string; email: string; created: boolean };

/** Creates an admin with this email and password, or makes the account with this email an admin and sets its password. */
export async function createAdmin(input: z.input<typeof createAdminSchema>): Promise<CreateAdminResult> {
  const { email, password, name } = createAdminSchema.parse(input);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, roles: true, disabledAt: true } });
    if (existing?.disabledAt) throw new AppError('CONFLICT', `The account ${email} is disabled; enable it before making it an admin.`);
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { roles: existing.roles.includes('ADMIN') ? existing.roles : [...existing.roles, 'ADMIN'], passwordHash },
          select: { id: true },
        })
      : await tx.user.create({ data: { email, name: name ?? null, roles: ['ADMIN'], passwordHash }, select: { id: true } });
    // A changed password ends the sessions opened with the old one.
    if (existing) await tx.session.deleteMany({ where: { userId: existing.id } });
    await recordAudit({ actor: { kind: 'SYSTEM' }, action: existing ? 'admin.promoted' : 'admin.created', targetType: 'User', targetId: user.id, after: { email, via: 'npm run admin:create' } }, tx);
    return { userId: user.id, email, created: !existing };
  });
}
