// One description per API operation, read by the handler wrapper (what to parse) and by the OpenAPI builder
// (what to document), so the two cannot drift apart. Isomorphic: zod schemas and plain data only.
import type { z } from 'zod';
import type { ApiErrorCode } from './problem';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type RouteSpec = {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. `/projects/{projectId}`; `{x}` matches the folder `[x]`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Projects' | 'Batches' | 'Items' | 'Judgments' | 'Exports' | 'Funding' | 'Webhooks' | 'Meta' | 'Agents';
  /** Whether a Bearer API key is required (default true). */
  auth?: boolean;
  /** The agent API: authenticated by an L402 token instead (`Authorization: L402 <macaroon>:<preimage>`). */
  l402?: 'required' | 'pays';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A streamed, non-JSON request body (uploads): documented, never buffered by the wrapper. */
  rawBody?: { contentTypes: string[]; description: string };
  /** Stores and replays responses for a repeated `Idempotency-Key` (JSON POSTs). */
  idempotent?: boolean;
  /** Documents an `Idempotency-Key` header that the operation forwards to its service instead. */
  forwardsIdempotencyKey?: boolean;
  response: {
    status?: number;
    description: string;
    /** JSON response schema with its component name in the document. */
    schema?: z.ZodType;
    name?: string;
    /** Non-JSON responses (downloads, markdown). */
    contentTypes?: string[];
    /** What the `Location` header of the success answer points to, when the handler sends one. */
    location?: string;
    /** The answer is a file download with `Content-Disposition: attachment; filename=…`. */
    attachment?: boolean;
  };
  /** The 402 body of an L402 operation (a Problem plus the challenge), sent with `WWW-Authenticate`. */
  paymentChallenge?: { schema: z.ZodType; name: string };
  /** Error codes this operation can answer beyond the ones every authenticated route can. */
  errors?: ApiErrorCode[];
};

/** Errors any authenticated route may answer (the key is checked in the database, which can be briefly away). */
export const commonErrorCodes: ApiErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'];
