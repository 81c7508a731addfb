// Team API errors as RFC 9457 problem details (style E3): one shape for every failure, documented in docs/api.md.
// Isomorphic on purpose: the OpenAPI document uses the same zod schema the handlers answer with.
import { z } from 'zod';
import { errorHttpStatus, type ErrorCode } from '@/lib/errors';
import { describeIssue } from '@/lib/http/issue-messages';

/** Codes only the API layer raises, beside the domain's AppError codes. */
export const apiOnlyErrorCodes = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'INTERNAL',
  'UNAVAILABLE',
  // The agent API (L402, docs/agents.md).
  'PAYMENT_REQUIRED',
  'INVALID_TOKEN',
] as const;
export type ApiErrorCode = ErrorCode | (typeof apiOnlyErrorCodes)[number];

export const apiErrorStatus: Record<ApiErrorCode, number> = {
  ...errorHttpStatus,
  VALIDATION_FAILED: 422,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  PAYMENT_REQUIRED: 402,
  INVALID_TOKEN: 401,
};

const titles: Record<ApiErrorCode, string> = {
  UNAUTHENTICATED: 'Missing or invalid API key',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  INVALID_INPUT: 'Invalid input',
  INVALID_STATE: 'Not possible in the current state',
  INSUFFICIENT_FUNDS: 'Insufficient funds',
  RATE_LIMITED: 'Too many requests',
  VALIDATION_FAILED: 'Validation failed',
  MALFORMED_JSON: 'Malformed JSON',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with a different request',
  IDEMPOTENCY_IN_PROGRESS: 'A request with this idempotency key is still running',
  INTERNAL: 'Something went wrong',
  UNAVAILABLE: 'Service unavailable',
  PAYMENT_REQUIRED: 'Payment required',
  INVALID_TOKEN: 'Invalid L402 token',
};

export const problemFieldErrorSchema = z.object({
  path: z.string().describe('Where the problem is, e.g. `body.rewardSats` or `query.limit`.'),
  message: z.string().describe('A sentence for people that names the field, e.g. `rewardSats must be at least 1.`'),
  code: z.string().describe('What kind of problem, for programs: `too_small`, `too_big`, `invalid_type`, `invalid_value`, `invalid_format`, `unrecognized_keys`, `custom`…'),
});

export const problemSchema = z.object({
  type: z.string().describe('A URN naming the problem kind: `urn:boltwork:problem:<code>`.'),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable machine-readable code, e.g. `NOT_FOUND`, `VALIDATION_FAILED`.'),
  detail: z.string().describe('Human-readable, safe to show.'),
  requestId: z.string().optional().describe('Quote it to support; present on every response as `X-Request-Id` too.'),
  errors: z.array(problemFieldErrorSchema).optional().describe('With `VALIDATION_FAILED`: one entry per problem, each naming its field.'),
});
export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Raised inside the API layer; becomes a problem response. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** `rateLimit`: the key's state when the key's own limit refused the request (sent as X-RateLimit-*). */
    readonly options: { errors?: ProblemFieldError[]; retryAfterSeconds?: number; rateLimit?: { limit: number; remaining: number; resetSeconds: number } } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function buildProblem(code: ApiErrorCode, detail: string, extra: { requestId?: string; errors?: ProblemFieldError[] } = {}): Problem {
  return {
    type: `urn:boltwork:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[code],
    status: apiErrorStatus[code],
    code,
    detail,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
  };
}

/** zod issues as field errors, prefixed with where the input came from (body, query, params), in words for people. */
export function fieldErrorsOf(error: z.ZodError, where: 'body' | 'query' | 'params' | 'header'): ProblemFieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return { path: [where, ...issue.path.map(String)].join('.'), message: describeIssue(issue, { label: field || `The ${where}` }), code: issue.code };
  });
}

/** The problem's `detail` for a list of field errors: the first one spelled out, so a log line alone says what to fix. */
export function describeFieldErrors(where: string, errors: ProblemFieldError[]): string {
  const [first] = errors;
  if (!first) return `The request ${where} is invalid.`;
  return `The request ${where} is invalid: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more, see \`errors\`)` : ''}`;
}
