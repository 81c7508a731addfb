// Webhook signatures, in the style of Standard Webhooks (https://www.standardwebhooks.com) with our own header names.
// Node-only but free of server state: receivers may copy this file (docs/webhooks.md shows the same in a snippet).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_ID_HEADER = 'Boltwork-Webhook-Id';
export const WEBHOOK_TIMESTAMP_HEADER = 'Boltwork-Webhook-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'Boltwork-Signature';

/** Hex HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with the whole secret string (including `whsec_`). */
export function computeWebhookSignature(secret: string, id: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('hex');
}

/** The three headers a delivery carries. The timestamp is unix seconds, fresh on every attempt. */
export function signWebhook(secret: string, id: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: `v1=${computeWebhookSignature(secret, id, timestamp, body)}`,
  };
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * True when `body` (the raw request body, exactly as received) was signed with `secret` less than
 * `toleranceSeconds` ago (either way, for clock skew). Several space-separated `v1=` signatures are accepted,
 * so a receiver keeps working while secrets rotate. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: HeaderSource,
  body: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  const id = readHeader(headers, WEBHOOK_ID_HEADER);
  const timestamp = readHeader(headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatures = readHeader(headers, WEBHOOK_SIGNATURE_HEADER);
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  // Outside the window a captured request cannot be replayed, even with a valid signature.
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(computeWebhookSignature(secret, id, timestamp, body), 'hex');
  return signatures.split(' ').some((entry) => {
    const match = /^v1=([0-9a-f]{64})$/i.exec(entry.trim());
    return match !== null && timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
  });
}
