import 'server-only';
// Response headers in the OpenAPI documents, declared where lib/api/handler.ts (and the agent routes) send them.
// A header marked `required` is on every such answer, so a strict client may rely on it. Operations point at
// `components.headers`; as `required` belongs to the header object, a header that is only sometimes there has
// its own component.
import { API_RATE_LIMIT } from './keys';
import type { RouteSpec } from './route-spec';

type JsonSchema = Record<string, unknown>;
const count = { type: 'integer', minimum: 0 };
const header = (description: string, required: boolean, schema: JsonSchema = { type: 'string' }) => ({ description, required, schema });
const rateLimit = {
  Limit: [`Requests this API key may make per window (${API_RATE_LIMIT.limit} per ${API_RATE_LIMIT.windowSeconds} s).`, count],
  Remaining: ['Requests left in the current window.', count],
  Reset: ['Seconds until the window resets.', count],
} as const;

export const headerComponents: Record<string, JsonSchema> = {
  RequestId: header('Names this request in our logs (also `requestId` in problem bodies). Quote it to support.', true),
  ...Object.fromEntries(Object.entries(rateLimit).map(([name, [text, schema]]) => [`RateLimit${name}`, header(text, true, schema)])),
  // Errors: once the key is known (not on a 401, nor when the answer came before the key was read).
  ...Object.fromEntries(Object.entries(rateLimit).map(([name, [text, schema]]) => [`RateLimit${name}IfKnown`, header(`${text} Sent once the key is known.`, false, schema)])),
  RetryAfter: header('Seconds to wait before retrying.', false, { type: 'string', pattern: '^[0-9]+$' }),
  IdempotentReplayed: header('`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`.', false, { type: 'string', const: 'true' }),
  WwwAuthenticate: header('The L402 challenge, `L402 macaroon="<base64>", invoice="<bolt11>"`: the same macaroon and invoice as in the body.', true, {
    type: 'string', pattern: '^L402 macaroon="[^"]+", invoice="[^"]+"$',
  }),
};

const use = (name: keyof typeof headerComponents) => ({ $ref: `#/components/headers/${name}` });
const rateLimitHeaders = (suffix: '' | 'IfKnown') =>
  Object.fromEntries(Object.keys(rateLimit).map((name) => [`X-RateLimit-${name}`, use(`RateLimit${name}${suffix}`)]));

/** The key's rate-limit state is known once an API key passed, which agent (L402) routes never check. */
const isKeyAuthenticated = (spec: RouteSpec) => spec.auth !== false;

export function successHeaders(spec: RouteSpec): JsonSchema {
  return {
    'X-Request-Id': use('RequestId'),
    ...(isKeyAuthenticated(spec) ? rateLimitHeaders('') : {}),
    ...(spec.idempotent ? { 'Idempotent-Replayed': use('IdempotentReplayed') } : {}),
    ...(spec.response.location ? { Location: header(spec.response.location, true, { type: 'string', format: 'uri-reference' }) } : {}),
    ...(spec.response.attachment ? { 'Content-Disposition': header('`attachment; filename="…"`: the file name to save as.', true, { type: 'string', pattern: '^attachment;' }) } : {}),
  };
}

/** `Retry-After` comes with 429, 503 and the 409 of an idempotent request that is still running. */
export function errorHeaders(spec: RouteSpec, status: number): JsonSchema {
  const retries = status === 429 || status === 503 || (status === 409 && spec.idempotent);
  return {
    'X-Request-Id': use('RequestId'),
    ...(isKeyAuthenticated(spec) && status !== 401 ? rateLimitHeaders('IfKnown') : {}),
    ...(retries ? { 'Retry-After': use('RetryAfter') } : {}),
    ...(status === 402 && spec.paymentChallenge ? { 'WWW-Authenticate': use('WwwAuthenticate') } : {}),
  };
}
