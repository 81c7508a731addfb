import 'server-only';
import { deleteExpiredSessions } from '@/lib/auth/sessions';
import { deleteStaleWalletChallenges } from '@/lib/auth/wallet-login';
import { db } from '@/lib/db';

/** Deletes what has expired: sessions, unused wallet-login challenges and old rate-limit windows. */
export async function purgeExpiredAuthState(): Promise<{ sessions: number; challenges: number; rateLimits: number }> {
  const sessions = await deleteExpiredSessions();
  const challenges = await deleteStaleWalletChallenges();
  const { count: rateLimits } = await db.rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return { sessions, challenges, rateLimits };
}
