import 'server-only';
// The one wrapper every /api/v1 route goes through (style D3): API key auth and rate limit, zod parsing of
// params/query/body, Idempotency-Key, JSON serialisation and the mapping of every error to problem+json.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getSqlState, isDatabaseUnavailable } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { isJsonContentType, parseJson, readTextWithLimit, toJsonText } from './body';
import { beginIdempotentRequest, hashRequest, parseIdempotencyKey, type IdempotencyOutcome } from './idempotency';
import { authenticateApiKey, type ApiKeyActor, type RateLimitState } from './keys';
import { ApiError, apiErrorStatus, buildProblem, describeFieldErrors, fieldErrorsOf, PROBLEM_CONTENT_TYPE, type ApiErrorCode, type ProblemFieldError } from './problem';
import type { RouteSpec } from './route-spec';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiContext<S extends RouteSpec> = {
  actor: S['auth'] extends false ? null : ApiKeyActor;
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  request: Request;
  requestId: string;
  /** The validated `Idempotency-Key` header, for operations that forward it to their service. */
  idempotencyKey: string | null;
};

/** What Next calls: the second argument carries the dynamic segments. */
export type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;
export type ApiRoute = { spec: RouteSpec; handle: RouteHandler };

const baseHeaders = (requestId: string, rateLimit: RateLimitState | null): Record<string, string> => ({
  'X-Request-Id': requestId,
  'Cache-Control': 'no-store',
  ...(rateLimit
    ? { 'X-RateLimit-Limit': String(rateLimit.limit), 'X-RateLimit-Remaining': String(rateLimit.remaining), 'X-RateLimit-Reset': String(rateLimit.resetSeconds) }
    : {}),
});

function problemResponse(code: ApiErrorCode, detail: string, headers: Record<string, string>, extra: { errors?: ProblemFieldError[]; retryAfterSeconds?: number; requestId: string }) {
  const problem = buildProblem(code, detail, { requestId: extra.requestId, errors: extra.errors });
  return new Response(toJsonText(problem), {
    status: apiErrorStatus[code],
    headers: { ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE, ...(extra.retryAfterSeconds ? { 'Retry-After': String(extra.retryAfterSeconds) } : {}) },
  });
}

/** Every failure becomes problem+json; unknown ones are logged with the request id and say nothing about internals. */
export function errorResponse(error: unknown, requestId: string, headers: Record<string, string>): Response {
  if (error instanceof ApiError) return problemResponse(error.code, error.message, headers, { ...error.options, requestId });
  if (isAppError(error)) return problemResponse(error.code, error.message, headers, { retryAfterSeconds: error.retryAfterSeconds, requestId });
  if (error instanceof z.ZodError) {
    const errors = fieldErrorsOf(error, 'body');
    return problemResponse('VALIDATION_FAILED', describeFieldErrors('body', errors), headers, { errors, requestId });
  }
  const isUniqueViolation = getSqlState(error) === '23505' || (error as { code?: unknown } | null)?.code === 'P2002';
  if (isUniqueViolation) return problemResponse('CONFLICT', 'This conflicts with an existing resource.', headers, { requestId });
  if (isDatabaseUnavailable(error)) {
    logError('api request failed: database unavailable', error, { requestId });
    return problemResponse('UNAVAILABLE', 'The service is briefly unavailable. Retry the request.', headers, { retryAfterSeconds: 5, requestId });
  }
  logError('api request failed', error, { requestId });
  return problemResponse('INTERNAL', `Something went wrong. Quote request id ${requestId} to support.`, headers, { requestId });
}

/** Adds our headers to a handler's own Response (a fetched Response has immutable headers: copy it then). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) if (!merged.has(name)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

function validate<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'body'): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error, where);
    throw new ApiError('VALIDATION_FAILED', describeFieldErrors(where, errors), { errors });
  }
  return parsed.data;
}

async function readBody(spec: RouteSpec, request: Request): Promise<{ value: unknown; text: string }> {
  if (!spec.body) return { value: undefined, text: '' };
  const text = await readTextWithLimit(request);
  if (text.trim() !== '' && !isJsonContentType(request.headers.get('content-type'))) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with `Content-Type: application/json`.');
  }
  return { value: validate(spec.body, parseJson(text), 'body'), text };
}

/** Wraps an operation: the handler returns a Response (streams, downloads) or a JSON-able value. */
export function apiRoute<const S extends RouteSpec>(spec: S, handler: (context: ApiContext<S>) => Promise<Response | unknown>): ApiRoute {
  const handle: RouteHandler = async (request, context) => {
    const requestId = randomUUID();
    let rateLimit: RateLimitState | null = null;
    let idempotency: IdempotencyOutcome | null = null;
    try {
      let actor: ApiKeyActor | null = null;
      if (spec.auth !== false) {
        const auth = await authenticateApiKey(request);
        actor = auth.actor;
        rateLimit = auth.rateLimit;
        const needed = spec.method === 'GET' ? 'read' : 'write';
        if (!actor.scopes.includes(needed)) throw new ApiError('FORBIDDEN', `This key lacks the \`${needed}\` scope.`);
      }
      const rawParams = await context.params;
      const params = spec.params ? spec.params.safeParse(rawParams ?? {}) : null;
      // A malformed id is just an id that does not exist.
      if (params && !params.success) throw new ApiError('NOT_FOUND', 'Not found.');
      const url = new URL(request.url);
      const query = spec.query ? validate(spec.query, Object.fromEntries(url.searchParams), 'query') : undefined;
      const idempotencyKey = spec.idempotent || spec.forwardsIdempotencyKey ? parseIdempotencyKey(request.headers.get('idempotency-key')) : null;
      const body = await readBody(spec, request);

      if (spec.idempotent && idempotencyKey && actor) {
        idempotency = await beginIdempotentRequest(actor.teamId, idempotencyKey, hashRequest(spec.method, url.pathname, body.text));
        if (idempotency.kind === 'replay') {
          return new Response(toJsonText(idempotency.body), {
            status: idempotency.status,
            headers: { ...baseHeaders(requestId, rateLimit), 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' },
          });
        }
      }

      const result = await handler({
        actor, params: params?.data, query, body: body.value, request, requestId, idempotencyKey,
      } as ApiContext<S>);
      const headers = baseHeaders(requestId, rateLimit);
      if (result instanceof Response) {
        if (idempotency?.kind === 'run') await idempotency.release();
        return withHeaders(result, headers);
      }
      const status = spec.response.status ?? 200;
      const text = status === 204 ? null : toJsonText(result ?? null);
      if (idempotency?.kind === 'run') await idempotency.complete(status, text === null ? null : JSON.parse(text));
      return new Response(text, { status, headers: { ...headers, ...(text === null ? {} : { 'Content-Type': 'application/json' }) } });
    } catch (error) {
      if (idempotency?.kind === 'run') await idempotency.release().catch((releaseError) => logError('idempotency release failed', releaseError, { requestId }));
      // A key refused by its own limit still tells its state (remaining 0, when it resets).
      const limitState = rateLimit ?? (error instanceof ApiError ? (error.options.rateLimit ?? null) : null);
      return errorResponse(error, requestId, baseHeaders(requestId, limitState));
    }
  };
  return { spec, handle };
}
