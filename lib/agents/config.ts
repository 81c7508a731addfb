import 'server-only';
// The agent API's fixed terms (docs/agents.md) and its macaroon root key.
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';

export const AGENT_API_PATH = '/api/agent/v1';
/** The operation a creation token pays for; also the caveat it carries (lib/l402/caveats.ts). */
export const CREATE_JOB_ENDPOINT = `POST ${AGENT_API_PATH}/jobs`;
/** How long the invoice of a 402 challenge can be paid. */
export const CHALLENGE_INVOICE_SECONDS = 3600;
/** A paid token creates its job, then reads it, until this long after it was issued. */
export const TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
/** Work not done this long after creation is cancelled and refunded. */
export const DEFAULT_JOB_DEADLINE_HOURS = 72;
export const MAX_JOB_DEADLINE_HOURS = 30 * 24;
/**
 * A worker may appeal a rejection in a closed agent job for this long after it (lib/judgments/appeals.ts); until
 * then its cost stays in escrow, and the sweep refunds it afterwards.
 */
export const AGENT_APPEAL_WINDOW_MS = 72 * 3600_000;
/** Long-poll ceiling for `GET /jobs/{id}/results?wait=`. */
export const MAX_WAIT_SECONDS = 60;

export function getAgentFeeBps(): number {
  return getEnv().BOLTWORK_AGENT_FEE_BPS;
}

const ROOT_KEY_SETTING = 'l402.rootKey';

/**
 * BOLTWORK_L402_ROOT_KEY when set; otherwise a random key created once and kept in PlatformSetting, so every app
 * server signs and verifies with the same key without configuration. Read per request: a rotated key takes effect
 * everywhere at once (and invalidates every token, which is what a rotation is for).
 */
export async function getL402RootKey(): Promise<Buffer> {
  const configured = getEnv().BOLTWORK_L402_ROOT_KEY;
  if (configured) return Buffer.from(configured, 'hex');
  const fresh = randomBytes(32).toString('hex');
  // Insert-if-absent then read: concurrent first requests on several servers all end up with the winner's key.
  await db.platformSetting.createMany({ data: [{ key: ROOT_KEY_SETTING, value: fresh }], skipDuplicates: true });
  const setting = await db.platformSetting.findUniqueOrThrow({ where: { key: ROOT_KEY_SETTING } });
  return Buffer.from(String(setting.value), 'hex');
}
