// Typed errors of the agent client. The split that matters to an agent holding a wallet: did sats (maybe) leave
// it? L402Error says so in `hasCalledPayInvoice`; AgentApiError and AgentResponseError are plain HTTP failures.
import { z } from 'zod';

import type { L402Token } from './l402-token';

/** Refusals raised before payInvoice is called: nothing was paid. */
export type L402RefusalCode =
  | 'invalid_challenge'
  | 'invalid_invoice'
  | 'no_amount'
  | 'over_budget'
  | 'hash_mismatch'
  | 'expired';

/** Failures at or after payInvoice: the wallet may have paid, so `token` is kept for the caller to retry with. */
export type L402PaymentFailureCode = 'payment_failed' | 'wrong_preimage' | 'retry_failed';

export type L402ErrorCode = L402RefusalCode | L402PaymentFailureCode;

const PAYMENT_FAILURE_CODES: readonly L402ErrorCode[] = ['payment_failed', 'wrong_preimage', 'retry_failed'];

export class L402Error extends Error {
  override readonly name = 'L402Error';
  /** False for every refusal: we stopped before asking the wallet to pay. */
  readonly hasCalledPayInvoice: boolean;

  constructor(
    readonly code: L402ErrorCode,
    message: string,
    /** Set for 'retry_failed': a paid, valid token that the retried request could not deliver. */
    readonly token: L402Token | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.hasCalledPayInvoice = PAYMENT_FAILURE_CODES.includes(code);
  }
}

// Lenient on purpose: any RFC 9457 body is worth surfacing, even one missing Boltwork's own fields.
export const problemSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.int().optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.looseObject({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** The server answered with a non-2xx status. */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';

  constructor(
    readonly status: number,
    /** The parsed problem+json body, or null when the body was something else. */
    readonly problem: Problem | null,
    /** A token paid during this call, so a failed job creation can be retried without paying again. */
    readonly token: L402Token | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The server answered HTTP ${status}`);
  }
}

/** The server answered 2xx with a body that does not match the contract. */
export class AgentResponseError extends Error {
  override readonly name = 'AgentResponseError';

  constructor(
    message: string,
    readonly token: L402Token | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
