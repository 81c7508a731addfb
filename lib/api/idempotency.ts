import 'server-only';
// Idempotency-Key for the JSON POSTs of the team API. A placeholder row (responseStatus 0) is inserted first, in its
// own statement, so of two concurrent requests with the same key exactly one runs; the other gets 409. Only
// successful responses are stored: after an error the key is released so the client can retry with it.
import { createHash } from 'node:crypto';
import { db, Prisma } from '@/lib/db';
import { ApiError } from './problem';

/** How long a key is remembered: after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A placeholder this old belongs to a request that died (process crash): a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 300;
const IN_PROGRESS = 0;

const keyPattern = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyOutcome =
  | { kind: 'run'; complete: (status: number, body: unknown) => Promise<void>; release: () => Promise<void> }
  | { kind: 'replay'; status: number; body: unknown };

export function hashRequest(method: string, pathname: string, body: string): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${pathname}\n`).update(body).digest('hex');
}

/** Validates the header value: printable ASCII, 1–255 characters. */
export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!keyPattern.test(value)) throw new ApiError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 printable ASCII characters.', {
    errors: [{ path: 'header.Idempotency-Key', message: 'Must be 1–255 printable ASCII characters.', code: 'invalid_format' }],
  });
  return value;
}

/** Claims the key for this request, or answers with the stored response of the first one. */
export async function beginIdempotentRequest(teamId: string, key: string, requestHash: string): Promise<IdempotencyOutcome> {
  // An expired record no longer counts: forget it so the key starts afresh.
  await db.$executeRaw`
    DELETE FROM "IdempotencyRecord"
    WHERE "teamId" = ${teamId}::uuid AND key = ${key} AND "createdAt" < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
  const inserted = await db.$executeRaw`
    INSERT INTO "IdempotencyRecord" ("teamId", key, "requestHash", "responseStatus", "responseBody", "createdAt")
    VALUES (${teamId}::uuid, ${key}, ${requestHash}, ${IN_PROGRESS}, 'null'::jsonb, now())
    ON CONFLICT ("teamId", key) DO NOTHING`;
  if (inserted === 1) return runner(teamId, key);

  const existing = await db.idempotencyRecord.findUnique({ where: { teamId_key: { teamId, key } } });
  if (!existing) return beginIdempotentRequest(teamId, key, requestHash); // released between our two statements
  if (existing.requestHash !== requestHash) {
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
  }
  if (existing.responseStatus !== IN_PROGRESS) return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };

  const takenOver = await db.$executeRaw`
    UPDATE "IdempotencyRecord" SET "createdAt" = now()
    WHERE "teamId" = ${teamId}::uuid AND key = ${key} AND "responseStatus" = ${IN_PROGRESS}
      AND "createdAt" < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`;
  if (takenOver === 1) return runner(teamId, key);
  throw new ApiError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry in a moment.', { retryAfterSeconds: 1 });
}

function runner(teamId: string, key: string): IdempotencyOutcome {
  const where = { teamId_key: { teamId, key } };
  return {
    kind: 'run',
    complete: async (status, body) => {
      await db.idempotencyRecord.update({ where, data: { responseStatus: status, responseBody: body === null || body === undefined ? Prisma.JsonNull : (body as Prisma.InputJsonValue) } });
    },
    release: async () => {
      await db.idempotencyRecord.deleteMany({ where: { teamId, key, responseStatus: IN_PROGRESS } });
    },
  };
}

/** Housekeeping for a job or script: drops every expired record. */
export async function purgeExpiredIdempotencyRecords(): Promise<number> {
  return db.$executeRaw`DELETE FROM "IdempotencyRecord" WHERE "createdAt" < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
}
