import 'server-only';
// The 402 answer to a job request without a usable token: an invoice on the platform's node for the job's price,
// recorded as a PENDING deposit of the agents' team, and a macaroon bound to the invoice's payment hash whose
// caveats allow exactly this much work (lib/l402).
import { toJsonText } from '@/lib/api/body';
import { buildProblem, PROBLEM_CONTENT_TYPE } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { getLightningBackend } from '@/lib/lightning';
import { formatL402Challenge } from '@/lib/l402/header';
import { issueToken } from '@/lib/l402/token';
import { CHALLENGE_INVOICE_SECONDS, CREATE_JOB_ENDPOINT, getL402RootKey, TOKEN_LIFETIME_SECONDS } from './config';
import type { ChallengeReason, PaymentChallenge } from './challenge-schema';
import type { AgentJobRequest } from './request';
import { getAgentsTeamId } from './team';

export type { ChallengeReason } from './challenge-schema';

const details: Record<ChallengeReason, string> = {
  no_token: 'Pay the invoice, then repeat the request with `Authorization: L402 <macaroon>:<preimage>`.',
  expired: 'This token has expired. Pay the new invoice to create the job.',
  caveat_exceeded: 'This token does not cover this much work. Pay the new invoice for this request.',
  wrong_endpoint: 'This token was issued for another operation. Pay the new invoice for this request.',
  unknown_caveat: 'This token carries a caveat this server does not know. Pay the new invoice for this request.',
  token_used: 'This token has already created a job (see `jobId`); it reads that job. Pay the new invoice for a new job.',
  underpaid: 'This request costs more than the token paid for. Pay the new invoice for this request.',
};

export async function issueJobChallenge(
  request: AgentJobRequest,
  options: { reason: ChallengeReason; requestId: string; usedByJobId?: string; now?: Date },
): Promise<Response> {
  const now = options.now ?? new Date();
  const backend = getLightningBackend();
  const [teamId, rootKey] = await Promise.all([getAgentsTeamId(), getL402RootKey()]);
  const invoice = await backend.createInvoice({
    amountMsats: request.priceMsats,
    description: `Boltwork: ${request.judgments} human judgments`,
    expirySeconds: CHALLENGE_INVOICE_SECONDS,
  });
  await db.deposit.create({
    data: {
      teamId,
      amountMsats: request.priceMsats,
      bolt11: invoice.bolt11,
      paymentHash: invoice.paymentHash,
      backend: backend.kind,
      status: 'PENDING',
      expiresAt: invoice.expiresAt,
    },
  });
  const token = issueToken({
    rootKey,
    paymentHash: invoice.paymentHash,
    caveats: {
      endpoint: CREATE_JOB_ENDPOINT,
      maxJudgments: request.judgments,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_SECONDS * 1000),
    },
  });
  const problem = buildProblem('PAYMENT_REQUIRED', details[options.reason], { requestId: options.requestId });
  const body: PaymentChallenge = {
    ...problem,
    reason: options.reason,
    ...(options.usedByJobId ? { jobId: options.usedByJobId } : {}),
    priceMsats: request.priceMsats.toString(),
    judgments: request.judgments,
    invoice: invoice.bolt11,
    macaroon: token.macaroon,
    invoiceExpiresAt: invoice.expiresAt.toISOString(),
  };
  return new Response(toJsonText(body), {
    status: 402,
    headers: {
      'Content-Type': PROBLEM_CONTENT_TYPE,
      'WWW-Authenticate': formatL402Challenge({ macaroon: token.macaroon, invoice: invoice.bolt11 }),
      'Cache-Control': 'no-store',
      'X-Request-Id': options.requestId,
    },
  });
}
