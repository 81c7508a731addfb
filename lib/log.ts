import 'server-only';
import { randomUUID } from 'node:crypto';

// Secrets never reach the log: k1s, tokens, macaroons, preimages and passwords are masked by key name.
const SECRET_KEYS = /(k1|token|secret|password|macaroon|preimage|authorization|cookie|sig|apikey|api_key)/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : redact(inner, depth + 1)]),
  );
}

function write(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): string {
  const requestId = randomUUID();
  const line = JSON.stringify(
    { level, time: new Date().toISOString(), requestId, message, ...(redact(fields ?? {}) as object) },
    (_key, v) => (typeof v === 'bigint' ? v.toString() : v),
  );
  (level === 'error' ? console.error : console.log)(line);
  return requestId;
}

export const logInfo = (message: string, fields?: Record<string, unknown>) => write('info', message, fields);
export const logWarn = (message: string, fields?: Record<string, unknown>) => write('warn', message, fields);
/** Logs an unexpected error with a request id that the user can quote. */
export const logError = (message: string, error: unknown, fields?: Record<string, unknown>) =>
  write('error', message, { ...fields, error });
