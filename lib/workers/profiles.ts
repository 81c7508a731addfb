import 'server-only';
import { db, getSqlState, type Db } from '@/lib/db';

/** A name shown until the worker picks one; derived from the key so it is stable and not personal. */
export function defaultDisplayName(linkingKey: string): string {
  return `Worker ${linkingKey.slice(2, 8).toUpperCase()}`;
}

/**
 * The worker (and their user) behind an LNURL-auth linking key, created on first sign-in.
 * Two first sign-ins with the same key at once both end with the same worker.
 */
export async function findOrCreateWorkerByLinkingKey(
  linkingKey: string,
  meta: { ip?: string | null } = {},
  tx: Db = db,
): Promise<{ userId: string; workerId: string }> {
  const existing = await tx.workerProfile.findUnique({ where: { linkingKey }, select: { id: true, userId: true } });
  if (existing) return { userId: existing.userId, workerId: existing.id };
  try {
    const user = await tx.user.create({
      data: {
        roles: ['WORKER'],
        workerProfile: {
          create: { linkingKey, displayName: defaultDisplayName(linkingKey), signupIp: meta.ip ?? null },
        },
      },
      select: { id: true, workerProfile: { select: { id: true } } },
    });
    return { userId: user.id, workerId: user.workerProfile!.id };
  } catch (error) {
    if (getSqlState(error) !== '23505' && !isUniqueViolation(error)) throw error;
    const winner = await tx.workerProfile.findUniqueOrThrow({ where: { linkingKey }, select: { id: true, userId: true } });
    return { userId: winner.userId, workerId: winner.id };
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
