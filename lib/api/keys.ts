import 'server-only';
// Team API keys: shown once, stored only as a SHA-256 hash. A key is 256 random bits, so a plain hash (no salt,
// no slow KDF) is enough and lets us find it with one indexed lookup.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { DEMO_TEAM_API_KEY, isDemoMode } from '@/lib/demo/accounts';
import { AppError } from '@/lib/errors';
import { consumeRateLimit } from '@/lib/rate-limit/consume';
import { auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { ApiError } from './problem';
import { createApiKeyInputSchema, type ApiKeyDto, type ApiKeyScope, type CreateApiKeyInput } from './schemas';

export const API_KEY_PREFIX = 'bw_live_';
/** Characters of the key kept in clear for the UI: `bw_live_` plus four of the secret. */
const DISPLAY_PREFIX_LENGTH = 12;
export const API_RATE_LIMIT = { limit: 600, windowSeconds: 60 } as const;

export type ApiKeyActor = Extract<TeamActor, { kind: 'API_KEY' }> & { scopes: ApiKeyScope[] };
export type RateLimitState = { limit: number; remaining: number; resetSeconds: number };

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

const keySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

function toDto(row: {
  id: string; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null;
  createdBy: { name: string | null; email: string | null } | null;
}): ApiKeyDto {
  const { createdBy, ...rest } = row;
  return { ...rest, createdBy: createdBy ? (createdBy.name ?? createdBy.email) : null };
}

/** Only people make keys: a key must not mint keys (a read-only key could otherwise grant itself write). */
function requireUserActor(actor: TeamActor): Extract<TeamActor, { kind: 'USER' }> {
  if (actor.kind !== 'USER') throw new AppError('FORBIDDEN', 'API keys are managed on the team’s API page.');
  return actor;
}

/** Creates a key and returns it in clear exactly once; only its hash is stored. */
export async function createApiKey(actor: TeamActor, input: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKeyDto }> {
  const user = requireUserActor(actor);
  const parsed = createApiKeyInputSchema.parse(input);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        teamId: actor.teamId,
        name: parsed.name,
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        scopes: parsed.scopes ?? [],
        createdById: user.userId,
        expiresAt: parsed.expiresAt ?? null,
      },
      select: keySelect,
    });
    await recordAudit({ actor: auditActorOf(actor), action: 'api_key.create', targetType: 'ApiKey', targetId: row.id, after: { name: row.name, prefix: row.prefix, scopes: row.scopes } }, tx);
    return row;
  });
  return { key, apiKey: toDto(created) };
}

export async function listApiKeys(actor: TeamActor): Promise<ApiKeyDto[]> {
  const rows = await db.apiKey.findMany({ where: { teamId: actor.teamId }, orderBy: { createdAt: 'desc' }, select: keySelect });
  return rows.map(toDto);
}

/** Revokes a key of the actor's team; revoking twice is a no-op. Another team's key looks missing. */
export async function revokeApiKey(actor: TeamActor, apiKeyId: string): Promise<void> {
  requireUserActor(actor);
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: apiKeyId, teamId: actor.teamId }, select: { id: true, revokedAt: true, prefix: true } });
    if (!key) throw new AppError('NOT_FOUND', 'API key not found.');
    if (key.revokedAt) return;
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordAudit({ actor: auditActorOf(actor), action: 'api_key.revoke', targetType: 'ApiKey', targetId: key.id, after: { prefix: key.prefix } }, tx);
  });
}

const unauthenticated = () => new ApiError('UNAUTHENTICATED', 'Send a valid API key as `Authorization: Bearer bw_live_…`.');

/**
 * Resolves `Authorization: Bearer <key>` to the key's team. Revoked, expired and unknown keys all answer the same
 * 401 so a caller learns nothing about keys it does not hold. Counts the request against the key's rate limit.
 */
export async function authenticateApiKey(request: Request): Promise<{ actor: ApiKeyActor; rateLimit: RateLimitState }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !match[1].startsWith(API_KEY_PREFIX) || match[1].length > 200) throw unauthenticated();
  // The demo key is public (docs/api.md): it must never open a database that left demo mode.
  if (match[1] === DEMO_TEAM_API_KEY && !isDemoMode()) throw unauthenticated();
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(match[1]) },
    select: { id: true, teamId: true, createdById: true, scopes: true, revokedAt: true, expiresAt: true },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) throw unauthenticated();

  const limit = await consumeRateLimit(`api-key:${key.id}`, API_RATE_LIMIT);
  const rateLimit = { limit: API_RATE_LIMIT.limit, remaining: Math.max(0, API_RATE_LIMIT.limit - limit.count), resetSeconds: limit.retryAfterSeconds };
  if (!limit.allowed) {
    throw new ApiError('RATE_LIMITED', `This key is limited to ${API_RATE_LIMIT.limit} requests per minute.`, { retryAfterSeconds: limit.retryAfterSeconds, rateLimit });
  }
  // At most one write a minute per key: a busy client must not turn every read into an UPDATE.
  await db.$executeRaw`
    UPDATE "ApiKey" SET "lastUsedAt" = now()
    WHERE id = ${key.id}::uuid AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
  const scopes = (key.scopes.length ? key.scopes : ['read', 'write']).filter((s): s is ApiKeyScope => s === 'read' || s === 'write');
  return { actor: { kind: 'API_KEY', teamId: key.teamId, userId: key.createdById, apiKeyId: key.id, scopes }, rateLimit };
}
