import 'server-only';
import { clientRateLimitKey, UNKNOWN_CLIENT } from '@/lib/http/client-ip';
import { consumeRateLimit, enforceRateLimit, type RateLimitRule } from './consume';

// Per-client-address limits of the unauthenticated entry points. A request whose address is not known (no
// X-Forwarded-For, or one we cannot trust: lib/http/client-ip.ts) is limited too, never waved through: all of
// them count against one shared bucket per scope. That bucket may hold many honest clients at once (a proxy
// setting that does not match BOLTWORK_TRUSTED_PROXY_HOPS), so it is sized for a crowd: SHARED_BUCKET_FACTOR
// times the per-address limit. It still caps what a client hiding its address can do.
export const SHARED_BUCKET_FACTOR = 20;

const scopes = {
  /** LUD-04 callbacks from wallets. */
  lnurlAuth: { prefix: 'lnurl-auth', rule: { limit: 60, windowSeconds: 60 } },
  /** LUD-03 link reads and callbacks (one bucket for both). */
  lnurlWithdraw: { prefix: 'lnurl-withdraw', rule: { limit: 120, windowSeconds: 60 } },
  /** New LNURL-auth challenges: each load of the sign-in page makes one. */
  walletLoginStart: { prefix: 'wallet-login', rule: { limit: 60, windowSeconds: 60 } },
  /** Email and password sign-in attempts (there is also a per-address limit in lib/auth/staff-login.ts). */
  passwordSignIn: { prefix: 'login', rule: { limit: 40, windowSeconds: 15 * 60 } },
  /** "Forgot your password?" requests: each may send a mail. */
  passwordReset: { prefix: 'password-reset', rule: { limit: 10, windowSeconds: 60 * 60 } },
  /** Accepting a team invite (the link's token is the credential; a new account also costs a password hash). */
  inviteAccept: { prefix: 'invite-accept', rule: { limit: 20, windowSeconds: 15 * 60 } },
  /** Agent API requests without a valid token: each may issue an invoice (lib/agents). */
  agentChallenge: { prefix: 'agent-challenge', rule: { limit: 60, windowSeconds: 60 } },
  /** Agent API quotes and token-authenticated reads. */
  agentRead: { prefix: 'agent-read', rule: { limit: 600, windowSeconds: 60 } },
  /** Demo mode: one-tap sign-in and the in-page wallet simulator. */
  demoSignIn: { prefix: 'demo-sign-in', rule: { limit: 30, windowSeconds: 60 } },
} as const satisfies Record<string, { prefix: string; rule: RateLimitRule }>;

export type ClientLimitScope = keyof typeof scopes;

/** The per-address rule of each scope. */
export const clientLimits = Object.fromEntries(Object.entries(scopes).map(([scope, { rule }]) => [scope, rule])) as {
  [S in ClientLimitScope]: (typeof scopes)[S]['rule'];
};

/** The limit a client address gets in `scope`, and the one the shared unknown bucket gets. */
export function clientLimitRule(scope: ClientLimitScope, ip: string | null): RateLimitRule {
  const { rule } = scopes[scope];
  return ip === null ? { limit: rule.limit * SHARED_BUCKET_FACTOR, windowSeconds: rule.windowSeconds } : rule;
}

export function clientLimitKey(scope: ClientLimitScope, ip: string | null): string {
  return `${scopes[scope].prefix}:ip:${clientRateLimitKey(ip)}`;
}

export { UNKNOWN_CLIENT };

/** Counts one hit; false once the client is over the limit (LNURL endpoints answer that in their own shape). */
export async function tryClientLimit(scope: ClientLimitScope, ip: string | null): Promise<boolean> {
  return (await consumeRateLimit(clientLimitKey(scope, ip), clientLimitRule(scope, ip))).allowed;
}

/** Counts one hit; throws AppError RATE_LIMITED (with retryAfterSeconds) once the client is over the limit. */
export async function enforceClientLimit(scope: ClientLimitScope, ip: string | null, message: string): Promise<void> {
  await enforceRateLimit(clientLimitKey(scope, ip), clientLimitRule(scope, ip), message);
}
