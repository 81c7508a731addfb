import 'server-only';
import { db, Prisma, queryRows, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';

export type RateLimitRule = { limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window. The counter lives in PostgreSQL, so the limit holds
 * however many app servers run; one upsert per hit, atomic under concurrency.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule, tx: Db = db): Promise<RateLimitResult> {
  // Outside a transaction (every claim of every worker), straight through the driver (lib/db.ts, queryRows).
  const statement = Prisma.sql`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count, "expiresAt")
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      count = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN 1 ELSE "RateLimitBucket".count + 1 END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING count, "expiresAt"`;
  const rows = tx === db ? await queryRows<{ count: number; expiresAt: Date }>(statement) : await tx.$queryRaw<{ count: number; expiresAt: Date }[]>(statement);
  const { count, expiresAt } = rows[0];
  const retryAfterSeconds = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

export async function enforceRateLimit(key: string, rule: RateLimitRule, message: string, tx: Db = db): Promise<void> {
  const result = await consumeRateLimit(key, rule, tx);
  if (!result.allowed) throw new AppError('RATE_LIMITED', message, { retryAfterSeconds: result.retryAfterSeconds });
}

export async function resetRateLimit(key: string, tx: Db = db): Promise<void> {
  await tx.rateLimitBucket.deleteMany({ where: { key } });
}
