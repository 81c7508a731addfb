import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhook, verifyWebhookSignature } from './sign';

// Fixed vector, computed independently with:
//   printf '%s' 'msg_1.1767225600.{"id":"msg_1","type":"webhook.test","data":{}}' \
//     | openssl dgst -sha256 -hmac 'whsec_dGVzdC1zZWNyZXQtZm9yLWJvbHR3b3JrLXdlYmhvb2tz'
const secret = 'whsec_dGVzdC1zZWNyZXQtZm9yLWJvbHR3b3JrLXdlYmhvb2tz';
const id = 'msg_1';
const timestamp = 1767225600;
const body = '{"id":"msg_1","type":"webhook.test","data":{}}';
const vector = '6b2348a1a7728eb39e9205d831076b4bd34268a1b4c3e75914601329bcbf4948';
const signedAt = new Date(timestamp * 1000);

describe('webhook signatures', () => {
  it('matches the openssl vector', () => {
    expect(computeWebhookSignature(secret, id, timestamp, body)).toBe(vector);
    expect(signWebhook(secret, id, body, signedAt)).toEqual({
      'Boltwork-Webhook-Id': id,
      'Boltwork-Webhook-Timestamp': String(timestamp),
      'Boltwork-Signature': `v1=${vector}`,
    });
  });

  it('verifies its own signature, from a plain object or a Headers instance, any header case', () => {
    const headers = signWebhook(secret, id, body, signedAt);
    expect(verifyWebhookSignature(secret, headers, body, 300, signedAt)).toBe(true);
    expect(verifyWebhookSignature(secret, new Headers(headers), body, 300, signedAt)).toBe(true);
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyWebhookSignature(secret, lower, body, 300, signedAt)).toBe(true);
  });

  it('refuses a tampered body, id, timestamp, signature or the wrong secret', () => {
    const headers = signWebhook(secret, id, body, signedAt);
    expect(verifyWebhookSignature(secret, headers, body.replace('{}', '{"x":1}'), 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, 'Boltwork-Webhook-Id': 'msg_2' }, body, 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, 'Boltwork-Webhook-Timestamp': String(timestamp + 1) }, body, 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, 'Boltwork-Signature': `v1=${'0'.repeat(64)}` }, body, 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, 'Boltwork-Signature': 'v1=abc' }, body, 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, headers, body, 300, signedAt)).toBe(false);
    expect(verifyWebhookSignature(secret, {}, body, 300, signedAt)).toBe(false);
  });

  it('accepts one valid signature among several (secret rotation)', () => {
    const headers = { ...signWebhook(secret, id, body, signedAt), 'Boltwork-Signature': `v1=${'f'.repeat(64)} v1=${vector}` };
    expect(verifyWebhookSignature(secret, headers, body, 300, signedAt)).toBe(true);
  });

  it('refuses replays outside the tolerance window, both ways', () => {
    const headers = signWebhook(secret, id, body, signedAt);
    const at = (seconds: number) => new Date((timestamp + seconds) * 1000);
    expect(verifyWebhookSignature(secret, headers, body, 300, at(300))).toBe(true);
    expect(verifyWebhookSignature(secret, headers, body, 300, at(301))).toBe(false);
    expect(verifyWebhookSignature(secret, headers, body, 300, at(-301))).toBe(false);
    expect(verifyWebhookSignature(secret, headers, body, 3600, at(3600))).toBe(true);
  });
});
