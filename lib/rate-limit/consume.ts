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
  // Outside a transaction, straight through the driver (lib/db.ts, queryRows).
  const statement = rateLimitHitSql(key, rule);
  const rows = tx === db ? await queryRows<{ count: number; expiresAt: Date }>(statement) : await tx.$queryRaw<{ count: number; expiresAt: Date }[]>(statement);
  return toRateLimitResult(rows[0], rule);
}

/**
 * The upsert that counts one hit, returning `count` and `"expiresAt"`: a statement of its own, or a CTE of a larger
 * one (the worker's claim counts its hit in the claim's own statement).
 */
export function rateLimitHitSql(key: string, rule: RateLimitRule): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count, "expiresAt")
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      count = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN 1 ELSE "RateLimitBucket".count + 1 END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING count, "expiresAt"`;
}

export function toRateLimitResult(hit: { count: number; expiresAt: Date }, rule: RateLimitRule): RateLimitResult {
  const retryAfterSeconds = Math.max(1, Math.ceil((hit.expiresAt.getTime() - Date.now()) / 1000));
  return { allowed: hit.count <= rule.limit, count: hit.count, retryAfterSeconds };
}

/** A limit and the message a caller over it is refused with. */
export type RateLimitCheck = { key: string; rule: RateLimitRule; message: string };

export function rateLimitError(check: RateLimitCheck, result: RateLimitResult): AppError {
  return new AppError('RATE_LIMITED', check.message, { retryAfterSeconds: result.retryAfterSeconds });
}

export async function enforceRateLimit(key: string, rule: RateLimitRule, message: string, tx: Db = db): Promise<void> {
  const result = await consumeRateLimit(key, rule, tx);
  if (!result.allowed) throw rateLimitError({ key, rule, message }, result);
}

/** Hits counted against `key` in its current window, without counting one. */
export async function peekRateLimit(key: string, tx: Db = db): Promise<number> {
  const bucket = await tx.rateLimitBucket.findUnique({ where: { key }, select: { count: true, expiresAt: true } });
  return bucket && bucket.expiresAt > new Date() ? bucket.count : 0;
}

export async function resetRateLimit(key: string, tx: Db = db): Promise<void> {
  await tx.rateLimitBucket.deleteMany({ where: { key } });
}
