// Pieces the node backends share: hex and base64 conversions, preimage checks, network names, safe error
// text and the zod fields for amounts as nodes send them. Pure logic, no secrets: isomorphic (style S2).
import { createHash } from 'node:crypto';
import { z } from 'zod';

import type { BackendKind, LightningNetwork, PaymentOutcome } from '@/lib/lightning/backend';

/** A node misbehaved or could not be reached. The message is safe to log: it never carries credentials. */
export class LightningBackendError extends Error {
  readonly backend: BackendKind;

  constructor(backend: BackendKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LightningBackendError';
    this.backend = backend;
  }
}

const HEX32 = /^[0-9a-f]{64}$/i;

/** A 32-byte value as lowercase hex, or null when `value` is not one. */
export function toHash32(value: unknown): string | null {
  return typeof value === 'string' && HEX32.test(value) ? value.toLowerCase() : null;
}

export function sha256Hex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** LND sends bytes as standard base64. */
export function base64ToHex(value: string): string {
  return Buffer.from(value, 'base64').toString('hex');
}

/** Bytes in a grpc-gateway URL path: base64url *with* padding (Go's base64.URLEncoding). */
export function hexToPaddedBase64Url(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * A node's claim that a payment succeeded, checked: PAID only when sha256(preimage) is the payment hash.
 * Anything else is PENDING with the reason, so the funds stay held and a person can look.
 */
export function paidOrPending(
  backend: BackendKind,
  paymentHash: string,
  preimage: unknown,
  feeMsats: bigint,
): PaymentOutcome {
  const hex = toHash32(preimage);
  if (!hex) return { status: 'PENDING', reason: `${backend} reported success without a valid preimage` };
  if (sha256Hex(hex) !== paymentHash.toLowerCase()) {
    return { status: 'PENDING', reason: `${backend} reported success, but sha256(preimage) is not the payment hash` };
  }
  return { status: 'PAID', preimage: hex, feeMsats };
}

/** Node network names ('bitcoin', 'testnet3', ...) to ours; null for anything we do not run on. */
export function toLightningNetwork(name: string): LightningNetwork | null {
  switch (name.trim().toLowerCase()) {
    case 'bitcoin':
    case 'mainnet':
      return 'mainnet';
    case 'testnet':
    case 'testnet3':
    case 'testnet4':
      return 'testnet';
    case 'signet':
      return 'signet';
    case 'regtest':
      return 'regtest';
    default:
      return null;
  }
}

/** Refuses a node on another network than configured: paying mainnet invoices from a "regtest" setup is not a typo to shrug off. */
export function checkNetwork(backend: BackendKind, configured: LightningNetwork, reported: string): LightningNetwork {
  const network = toLightningNetwork(reported);
  if (network !== configured) {
    throw new LightningBackendError(backend, `${backend} node is on "${reported}", but Boltwork is configured for ${configured}`);
  }
  return network;
}

/**
 * Short, log-safe text for an error from a client library. `secrets` are blanked wherever they appear
 * (belt and braces: none of our clients put credentials in messages, but a future one might).
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  let text: string;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    text = `${error.name}: ${error.message}${cause}`;
  } else {
    text = String(error);
  }
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** Joins a path onto a base URL, keeping any path prefix the base has (a node behind a reverse proxy). */
export function joinUrl(base: URL, pathAndQuery: string): URL {
  const [path = '', query] = pathAndQuery.split('?', 2);
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  url.search = query ? `?${query}` : '';
  return url;
}

/** Parses a node's base URL, refusing credentials in it (they would end up in error messages). */
export function parseBaseUrl(backend: BackendKind, value: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LightningBackendError(backend, `${backend} URL is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new LightningBackendError(backend, `${backend} URL must use ${protocols.join(' or ')}`);
  }
  if (url.username || url.password) {
    throw new LightningBackendError(backend, `${backend} URL must not carry credentials; configure them separately`);
  }
  url.search = '';
  url.hash = '';
  return url;
}

/** A non-negative integer amount as nodes send it: a decimal string (grpc-gateway int64) or a JSON number. */
export const amountField = z
  .union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative().refine(Number.isSafeInteger)])
  .transform((value) => BigInt(value));

/** A unix time in seconds or milliseconds, as string or number. */
export const timestampField = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]).transform(Number);

/** Parses JSON without throwing; null for anything that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** At most `max` characters of a node's free-text answer, on one line, for a reason or an error. */
export function clip(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** Validates a node's answer; a surprise becomes a LightningBackendError naming what was asked. */
export function parseAnswer<S extends z.ZodType>(backend: BackendKind, schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
    throw new LightningBackendError(backend, `${backend} answered ${what} in an unexpected shape (${where})`);
  }
  return parsed.data;
}
