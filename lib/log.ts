import 'server-only';
import { randomUUID } from 'node:crypto';
import { getEnv } from '@/lib/env';

// Secrets never reach the log (test/hostile/secrets-in-logs.int.test.ts greps for them). Three layers:
// 1. fields whose name says "secret" are masked whatever they hold;
// 2. every string (messages, error messages and stacks included) is scrubbed of secret-shaped text: API keys,
//    Authorization values, k1/sig/secret query parameters, bech32 LNURLs (they encode a k1), NWC URIs and long
//    hex runs such as macaroons;
// 3. the configured credentials themselves (macaroon, phoenixd password, NWC URI, sim node seed, database
//    password) are blanked by value, in hex and base64 too.
const SECRET_KEY = /k1|token|secret|password|passphrase|macaroon|preimage|authorization|cookie|api_?key|seed|private_?key|^sig$|signature/i;
const MASK = '[redacted]';

const SECRET_TEXT: [RegExp, string][] = [
  [/bw_(live|test)_[A-Za-z0-9_-]+/g, `bw_$1_${MASK}`],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`],
  [/([?&;\s"]|^)(k1|sig|secret|password|token|macaroon|preimage)=([^&\s"';]+)/gi, `$1$2=${MASK}`],
  [/\blnurl1[02-9ac-hj-np-z]{20,}/gi, `lnurl1${MASK}`],
  [/nostr\+walletconnect:\/\/[^\s"']+/gi, `nostr+walletconnect://${MASK}`],
  [/\b[0-9a-f]{96,}\b/gi, MASK],
];

let configuredSecrets: string[] | undefined;

/** The configured credentials and their encodings, longest first (so a longer form is blanked whole). */
function getConfiguredSecrets(): string[] {
  if (configuredSecrets) return configuredSecrets;
  const values: string[] = [];
  try {
    const env = getEnv();
    for (const value of [env.LND_MACAROON_HEX, env.PHOENIXD_PASSWORD, env.NWC_CONNECTION_URI, env.BOLTWORK_SIM_NODE_SEED]) {
      if (!value) continue;
      values.push(value);
      if (/^(?:[0-9a-f]{2})+$/i.test(value)) {
        const bytes = Buffer.from(value, 'hex');
        values.push(value.toLowerCase(), value.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'));
      }
    }
    for (const url of [env.DATABASE_URL, env.databaseDirectUrl]) {
      const databasePassword = decodeURIComponent(new URL(url).password);
      if (databasePassword) values.push(databasePassword);
    }
  } catch {
    // Configuration that does not parse cannot be logged by value; the shape rules above still apply.
  }
  configuredSecrets = [...new Set(values.filter((value) => value.length >= 6))].sort((a, b) => b.length - a.length);
  return configuredSecrets;
}

/** A string with every secret-looking part masked. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  const configured = getConfiguredSecrets();
  for (const secret of configured) scrubbed = scrubbed.split(secret).join(MASK);
  // A clipped error message can carry part of a hex credential: any 32+ hex run found inside one goes too.
  scrubbed = scrubbed.replace(/[0-9a-f]{32,}/gi, (run) => (configured.some((secret) => secret.toLowerCase().includes(run.toLowerCase())) ? MASK : run));
  for (const [pattern, replacement] of SECRET_TEXT) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value === 'bigint') return value.toString();
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return redact({ name: value.name, message: value.message, stack: value.stack }, depth + 1);
  if (Array.isArray(value)) return value.map((inner) => redact(inner, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? MASK : redact(inner, depth + 1)]),
  );
}

function write(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): string {
  const requestId = typeof fields?.requestId === 'string' ? fields.requestId : randomUUID();
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    requestId,
    message: scrubSecrets(message),
    ...(redact(fields ?? {}) as object),
  }, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));
  (level === 'error' ? console.error : console.log)(line);
  return requestId;
}

export const logInfo = (message: string, fields?: Record<string, unknown>) => write('info', message, fields);
export const logWarn = (message: string, fields?: Record<string, unknown>) => write('warn', message, fields);
/** Logs an unexpected error with a request id that the user can quote. */
export const logError = (message: string, error: unknown, fields?: Record<string, unknown>) =>
  write('error', message, { ...fields, error });
