import 'server-only';
// Boltwork's first-party caveats, written "name=value". A token holder may append caveats (the macaroon chain
// allows it), so every caveat must hold on its own: a second max_judgments can only lower the limit and a second
// expires_at can only bring the expiry forward. Nothing a holder appends can widen what we issued.

export type TokenCaveats = {
  /** The operation the token pays for, e.g. "POST /api/agent/v1/jobs"; compared exactly. */
  endpoint: string;
  maxJudgments: number;
  expiresAt: Date;
};

export type CaveatFailure = 'malformed' | 'expired' | 'caveat_exceeded' | 'wrong_endpoint' | 'unknown_caveat';

export type CaveatContext = { now: Date; endpoint: string; judgments: number };

type ParsedCaveat =
  | { name: 'endpoint'; endpoint: string }
  | { name: 'max_judgments'; maxJudgments: number }
  | { name: 'expires_at'; expiresAt: Date };

const ENDPOINT_VALUE = /^[\x20-\x7e]{1,200}$/;
// Canonical decimal only, so "010" or "1e3" cannot pass as numbers a human would read differently.
const DECIMAL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/** The caveat strings issued with a token, in a fixed order. */
export function formatTokenCaveats(caveats: TokenCaveats): string[] {
  if (!ENDPOINT_VALUE.test(caveats.endpoint)) throw new RangeError('Endpoint must be 1-200 printable ASCII chars');
  if (!Number.isSafeInteger(caveats.maxJudgments) || caveats.maxJudgments < 0) {
    throw new RangeError('maxJudgments must be a non-negative integer');
  }
  const expiresAtMs = caveats.expiresAt.getTime();
  if (!Number.isFinite(expiresAtMs) || expiresAtMs < 0) throw new RangeError('expiresAt must be a valid date');
  return [
    `endpoint=${caveats.endpoint}`,
    `max_judgments=${caveats.maxJudgments}`,
    // Whole seconds, rounded down: the token never outlives the date we were given.
    `expires_at=${Math.floor(expiresAtMs / 1000)}`,
  ];
}

/** A CaveatChecker for verifyMacaroon: true when the caveat allows this request. */
export function checkTokenCaveat(caveat: string, context: CaveatContext): true | CaveatFailure {
  const parsed = parseCaveat(caveat);
  if (parsed === 'unknown_caveat' || parsed === 'malformed') return parsed;
  switch (parsed.name) {
    case 'endpoint':
      return parsed.endpoint === context.endpoint ? true : 'wrong_endpoint';
    case 'max_judgments':
      return context.judgments <= parsed.maxJudgments ? true : 'caveat_exceeded';
    case 'expires_at':
      // Valid up to, not including, the expiry instant.
      return context.now.getTime() < parsed.expiresAt.getTime() ? true : 'expired';
  }
}

/**
 * The effective limits after every caveat is applied: the smallest max and the earliest expiry. Null when a
 * caveat is unreadable or one of the three is missing, which a token we issued can never be.
 */
export function readEffectiveCaveats(caveats: readonly string[]): TokenCaveats | null {
  let endpoint: string | null = null;
  let maxJudgments = Infinity;
  let expiresAtMs = Infinity;
  for (const caveat of caveats) {
    const parsed = parseCaveat(caveat);
    if (parsed === 'unknown_caveat' || parsed === 'malformed') return null;
    if (parsed.name === 'endpoint') {
      // Two different endpoints can never both hold, so such a token allows nothing.
      if (endpoint !== null && endpoint !== parsed.endpoint) return null;
      endpoint = parsed.endpoint;
    }
    if (parsed.name === 'max_judgments') maxJudgments = Math.min(maxJudgments, parsed.maxJudgments);
    if (parsed.name === 'expires_at') expiresAtMs = Math.min(expiresAtMs, parsed.expiresAt.getTime());
  }
  if (endpoint === null || maxJudgments === Infinity || expiresAtMs === Infinity) return null;
  return { endpoint, maxJudgments, expiresAt: new Date(expiresAtMs) };
}

function parseCaveat(caveat: string): ParsedCaveat | 'unknown_caveat' | 'malformed' {
  const separator = caveat.indexOf('=');
  if (separator <= 0) return 'malformed';
  const name = caveat.slice(0, separator);
  const value = caveat.slice(separator + 1);
  switch (name) {
    case 'endpoint':
      return ENDPOINT_VALUE.test(value) ? { name, endpoint: value } : 'malformed';
    case 'max_judgments':
      return DECIMAL_INTEGER.test(value) ? { name, maxJudgments: Number(value) } : 'malformed';
    case 'expires_at':
      return DECIMAL_INTEGER.test(value) ? { name, expiresAt: new Date(Number(value) * 1000) } : 'malformed';
    default:
      return 'unknown_caveat';
  }
}
