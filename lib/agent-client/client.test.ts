import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';

import { createAgentClient } from './client';
import { AgentApiError, AgentResponseError } from './errors';
import type { PayInvoice } from './l402-fetch';
import type { AgentJobInput } from './schemas';
import { createChallenge, json, payWithFakeWallet, startTestServer, verifyRequestToken, type TestServer } from './test-helpers';

const CREATE_ENDPOINT = 'POST /api/agent/v1/jobs';
const JOB: AgentJobInput = {
  taskType: 'CLASSIFICATION',
  instructions: 'Is the answer helpful?',
  typeConfig: { labels: ['yes', 'no'] },
  items: [{ text: 'a' }, { text: 'b' }],
  judgmentsPerItem: 3,
  rewardSats: 5,
  refundTo: { type: 'lightning_address', address: 'agent@wallet.example' },
};
const JOB_DTO = {
  id: 'job_1',
  status: 'ACTIVE',
  taskType: 'CLASSIFICATION',
  itemsTotal: 2,
  itemsDone: 0,
  judgmentsNeeded: 6,
  judgmentsDone: 0,
  paidMsats: '33000',
  spentMsats: '0',
  refundedMsats: '0',
  refundPendingMsats: '0',
  etaSeconds: 120,
  createdAt: '2030-01-01T00:00:00.000Z',
  deadlineAt: '2030-01-04T00:00:00.000Z',
  completedAt: null,
};
const RESULT_ITEM = {
  item_id: 'item-1',
  label: 'yes',
  method: 'majority',
  confidence: 1,
  n_judgments: 3,
  agreement: 1,
  is_gold: false,
  details: { counts: { yes: 3 } },
  payload: { text: 'a' },
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The agent API as proposed: free quotes, paid creation, reads with the creation token. */
async function startAgentApi() {
  server = await startTestServer((request) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (request.method === 'POST' && path === '/api/agent/v1/quote') {
      return json(200, { priceMsats: '33000', judgments: 6, etaSeconds: 120 });
    }
    if (request.method === 'POST' && path === '/api/agent/v1/jobs') {
      if (!request.headers.authorization) {
        return json(402, {}, { 'www-authenticate': createChallenge(CREATE_ENDPOINT, { amountMsats: 33_000n }).header });
      }
      const verification = verifyRequestToken(request, CREATE_ENDPOINT, 6);
      return verification.ok ? json(201, JOB_DTO) : json(401, { title: verification.reason, status: 401 });
    }
    if (!verifyRequestToken(request, CREATE_ENDPOINT, 0).ok) {
      return json(401, { type: 'urn:boltwork:problem:UNAUTHENTICATED', title: 'Bad token', status: 401, code: 'UNAUTHENTICATED', detail: 'Bad token.' }, { 'content-type': 'application/problem+json' });
    }
    if (path === '/api/agent/v1/jobs/job_1') return json(200, JOB_DTO);
    if (path === '/api/agent/v1/jobs/job_1/results') return json(200, { job: JOB_DTO, isComplete: true, items: [RESULT_ITEM] });
    return json(404, { type: 'urn:boltwork:problem:NOT_FOUND', title: 'Not found', status: 404, code: 'NOT_FOUND', detail: 'No such job.' }, { 'content-type': 'application/problem+json' });
  });
  return server;
}

function createClient(baseUrl: string, payInvoice = vi.fn<PayInvoice>(payWithFakeWallet)) {
  return { client: createAgentClient({ baseUrl: `${baseUrl}/`, payInvoice, maxPriceMsats: 100_000n }), payInvoice };
}

describe('createAgentClient', () => {
  it('quotes without paying and returns the price as bigint msats', async () => {
    const { url, requests } = await startAgentApi();
    const { client, payInvoice } = createClient(url);
    await expect(client.quote(JOB)).resolves.toEqual({ priceMsats: 33_000n, judgments: 6, etaSeconds: 120 });
    expect(JSON.parse(requests[0].body.toString())).toEqual(JOB);
    expect(payInvoice).not.toHaveBeenCalled();
  });

  it('never pays a 402 on the free quote endpoint', async () => {
    server = await startTestServer(() => json(402, {}, { 'www-authenticate': createChallenge('POST /x').header }));
    const { client, payInvoice } = createClient(server.url);
    await expect(client.quote(JOB)).rejects.toMatchObject({ name: 'AgentApiError', status: 402 });
    expect(payInvoice).not.toHaveBeenCalled();
  });

  it('creates a job by paying, then reads it and its results with the same token', async () => {
    const { url, requests } = await startAgentApi();
    const { client, payInvoice } = createClient(url);

    const created = await client.createJob(JOB);
    expect(created.job).toMatchObject({ id: 'job_1', paidMsats: 33_000n });
    expect(created.paidMsats).toBe(33_000n);
    if (!created.token) throw new Error('no token');

    await expect(client.getJob('job_1', created.token)).resolves.toMatchObject({ status: 'ACTIVE' });
    const results = await client.getResults('job_1', created.token, { waitSeconds: 30 });
    expect(results.items).toEqual([RESULT_ITEM]);
    expect(requests.at(-1)?.url).toBe('/api/agent/v1/jobs/job_1/results?wait=30');
    expect(payInvoice).toHaveBeenCalledTimes(1);
  });

  it('throws AgentApiError with the problem+json body', async () => {
    const { url } = await startAgentApi();
    const { client } = createClient(url);
    const { token } = await client.createJob(JOB);
    if (!token) throw new Error('no token');

    const error = await client.getJob('job 2/..', token).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({ status: 404, problem: { code: 'NOT_FOUND', detail: 'No such job.' }, message: 'No such job.' });
    expect(server?.requests.at(-1)?.url).toBe('/api/agent/v1/jobs/job%202%2F..');
  });

  it('refuses an invalid job before sending anything', async () => {
    const { url, requests } = await startAgentApi();
    const { client } = createClient(url);
    const invalid = { ...JOB, items: [], refundTo: { type: 'lnurl' as const, lnurl: 'https://not-an-lnurl' } };
    await expect(client.createJob(invalid)).rejects.toBeInstanceOf(ZodError);
    expect(requests).toHaveLength(0);
  });

  it('rejects a 2xx body that breaks the contract, keeping the paid token', async () => {
    server = await startTestServer((request) =>
      request.headers.authorization
        ? json(201, { id: 'job_1', paidMsats: 33000 })
        : json(402, {}, { 'www-authenticate': createChallenge(CREATE_ENDPOINT, { amountMsats: 33_000n }).header }),
    );
    const { client } = createClient(server.url);
    const error = await client.createJob(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentResponseError);
    expect(error).toMatchObject({ token: { preimage: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });
});
