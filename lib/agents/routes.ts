import 'server-only';
// The agent API (/api/agent/v1, docs/agents.md): no API key, no account. Creating a job is paid over L402; the
// creation token then reads and cancels that job. Routes share the team API's wrapper for body limits, zod errors
// and problem+json, and authenticate with the L402 token themselves.
import { z } from 'zod';
import { agentJobRequestSchema, agentJobSchema, jobResultsSchema, quoteSchema } from '@/lib/agent-client/schemas';
import { toJsonText } from '@/lib/api/body';
import { apiRoute } from '@/lib/api/handler';
import { ApiError } from '@/lib/api/problem';
import { getClientIp } from '@/lib/http/client-ip';
import { verifyToken } from '@/lib/l402/token';
import { enforceClientLimit } from '@/lib/rate-limit/client-limits';
import { issueJobChallenge, type ChallengeReason } from './challenge';
import { paymentChallengeSchema } from './challenge-schema';
import { closeAgentJob } from './close';
import { CREATE_JOB_ENDPOINT, getL402RootKey, MAX_WAIT_SECONDS } from './config';
import { createAgentJob } from './create';
import { estimateEtaSeconds } from './eta';
import { authorizeJobRead, getAgentJob } from './read';
import { parseAgentJobRequest } from './request';
import { getJobResults } from './results';

const jobParams = z.object({ jobId: z.uuid() });
const resultsQuery = z.object({
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).optional().describe(`Seconds to wait for the job to complete (0-${MAX_WAIT_SECONDS}).`),
});

const limitReads = (request: Request) =>
  enforceClientLimit('agentRead', getClientIp(request.headers), 'Too many agent API requests from this address. Slow down.');

/** Bad signatures and preimages are refused outright; a token that is ours and paid but does not cover this request gets a new price. */
const challengeReasons = { expired: 'expired', caveat_exceeded: 'caveat_exceeded', wrong_endpoint: 'wrong_endpoint', unknown_caveat: 'unknown_caveat' } as const;
const invalidTokenDetails = {
  malformed: 'The Authorization header is not `L402 <macaroon>:<preimage>` with a macaroon this server can read.',
  bad_signature: 'This token was not issued by this server.',
  wrong_preimage: 'The preimage does not match the payment hash of this token: pay the invoice and send its preimage.',
} as const;

export const quoteRoute = apiRoute(
  {
    method: 'POST', path: '/quote', operationId: 'quoteAgentJob', summary: 'Price and ETA of a job, free', tag: 'Agents', auth: false,
    body: agentJobRequestSchema, response: { description: 'The quote', schema: quoteSchema, name: 'Quote' },
    errors: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'RATE_LIMITED', 'UNAVAILABLE'],
  },
  async ({ body, request }) => {
    await limitReads(request);
    const job = parseAgentJobRequest(body);
    return { priceMsats: job.priceMsats, judgments: job.judgments, etaSeconds: await estimateEtaSeconds(job.judgments) };
  },
);

export const createJobRoute = apiRoute(
  {
    method: 'POST', path: '/jobs', operationId: 'createAgentJob', summary: 'Create a job, paid over L402', tag: 'Agents', auth: false, l402: 'pays',
    description:
      'Without a usable token: 402 with `WWW-Authenticate: L402 macaroon="…", invoice="…"` (and the same in the problem body, with ' +
      '`reason`, `priceMsats`, `invoice`, `macaroon`). Pay the invoice and send the same request again with ' +
      '`Authorization: L402 <macaroon>:<preimage hex>`: 201 with the job. A token creates one job.',
    body: agentJobRequestSchema,
    response: { status: 201, description: 'The job, created', schema: agentJobSchema, name: 'AgentJob', location: 'The job: `/api/agent/v1/jobs/{jobId}`.' },
    paymentChallenge: { schema: paymentChallengeSchema, name: 'PaymentChallenge' },
    errors: ['PAYMENT_REQUIRED', 'INVALID_TOKEN', 'VALIDATION_FAILED', 'MALFORMED_JSON', 'RATE_LIMITED', 'UNAVAILABLE'],
  },
  async ({ body, request, requestId }) => {
    const job = parseAgentJobRequest(body);
    const challenge = async (reason: ChallengeReason, usedByJobId?: string) => {
      await enforceClientLimit('agentChallenge', getClientIp(request.headers), 'Too many unpaid job requests from this address. Pay an invoice you have, or slow down.');
      return issueJobChallenge(job, { reason, requestId, usedByJobId });
    };
    const authorization = request.headers.get('authorization');
    if (!authorization) return challenge('no_token');
    await limitReads(request);
    const verification = verifyToken({ rootKey: await getL402RootKey(), authorizationHeader: authorization, now: new Date(), expected: { endpoint: CREATE_JOB_ENDPOINT, judgments: job.judgments } });
    if (!verification.ok) {
      const { reason } = verification;
      if (reason in challengeReasons) return challenge(challengeReasons[reason as keyof typeof challengeReasons]);
      throw new ApiError('INVALID_TOKEN', invalidTokenDetails[reason as keyof typeof invalidTokenDetails]);
    }
    const outcome = await createAgentJob(job, verification);
    if (outcome.kind === 'underpaid') return challenge('underpaid');
    if (outcome.kind === 'token_used') return challenge('token_used', outcome.jobId);
    return new Response(toJsonText(await getAgentJob(outcome.jobId)), {
      status: 201,
      headers: { 'Content-Type': 'application/json', Location: `/api/agent/v1/jobs/${outcome.jobId}` },
    });
  },
);

export const getJobRoute = apiRoute(
  {
    method: 'GET', path: '/jobs/{jobId}', operationId: 'getAgentJob', summary: 'Progress of a job', tag: 'Agents', auth: false, l402: 'required',
    params: jobParams, response: { description: 'The job', schema: agentJobSchema, name: 'AgentJob' }, errors: ['INVALID_TOKEN', 'NOT_FOUND', 'RATE_LIMITED', 'UNAVAILABLE'],
  },
  async ({ params, request }) => {
    await limitReads(request);
    return getAgentJob(await authorizeJobRead(request, params.jobId));
  },
);

export const cancelJobRoute = apiRoute(
  {
    method: 'DELETE', path: '/jobs/{jobId}', operationId: 'cancelAgentJob', summary: 'Cancel a job and refund what is unused', tag: 'Agents', auth: false, l402: 'required',
    params: jobParams, response: { description: 'The cancelled job', schema: agentJobSchema, name: 'AgentJob' }, errors: ['INVALID_TOKEN', 'NOT_FOUND', 'INVALID_STATE', 'RATE_LIMITED', 'UNAVAILABLE'],
  },
  async ({ params, request }) => {
    await limitReads(request);
    const jobId = await authorizeJobRead(request, params.jobId);
    const { closed } = await closeAgentJob(jobId, 'CANCELLED');
    if (!closed) throw new ApiError('INVALID_STATE', 'This job is already finished.');
    return getAgentJob(jobId);
  },
);

export const jobResultsRoute = apiRoute(
  {
    method: 'GET', path: '/jobs/{jobId}/results', operationId: 'getAgentJobResults', summary: 'Aggregated answers of a job (long-poll with wait)', tag: 'Agents', auth: false, l402: 'required',
    params: jobParams, query: resultsQuery, response: { description: 'The results: rows of the AGGREGATED_JSONL export', schema: jobResultsSchema, name: 'JobResults' },
    errors: ['INVALID_TOKEN', 'NOT_FOUND', 'VALIDATION_FAILED', 'RATE_LIMITED', 'UNAVAILABLE'],
  },
  async ({ params, query, request }) => {
    await limitReads(request);
    const jobId = await authorizeJobRead(request, params.jobId);
    return getJobResults(jobId, { waitSeconds: query.wait, signal: request.signal });
  },
);

export const agentRoutes = [quoteRoute, createJobRoute, getJobRoute, cancelJobRoute, jobResultsRoute];
