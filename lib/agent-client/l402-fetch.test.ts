import { createHash, randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { L402Error } from './errors';
import { createL402Fetch, type PayInvoice } from './l402-fetch';
import {
  createChallenge,
  json,
  payWithFakeWallet,
  startTestServer,
  verifyRequestToken,
  type InvoiceOverrides,
  type RecordedRequest,
  type Reply,
  type TestServer,
} from './test-helpers';

const ENDPOINT = 'POST /paid';
const BUDGET_MSATS = 50_000n;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A paid endpoint: 402 without credentials, 200 echoing a digest of the body with a valid token, else 401. */
async function startPaidServer(options: { invoice?: InvoiceOverrides; challengeHeader?: (header: string) => string } = {}) {
  server = await startTestServer((request) => {
    if (!request.headers.authorization) {
      const challenge = createChallenge(ENDPOINT, options.invoice);
      const header = options.challengeHeader ? options.challengeHeader(challenge.header) : challenge.header;
      return json(402, { title: 'Payment required' }, { 'www-authenticate': header });
    }
    const verification = verifyRequestToken(request, ENDPOINT);
    if (!verification.ok) return json(401, { code: verification.reason });
    return json(200, { bodySha256: sha256(request.body), tokenId: verification.tokenId });
  });
  return server;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function spyWallet(pay: PayInvoice = payWithFakeWallet) {
  return vi.fn<PayInvoice>(pay);
}

async function expectRefusal(promise: Promise<unknown>, code: string): Promise<L402Error> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(L402Error);
  if (!(error instanceof L402Error)) throw new Error('unreachable');
  expect(error.code).toBe(code);
  return error;
}

const post = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the 402 dance', () => {
  it('pays once, retries with the token and gets 200', async () => {
    const { url, requests } = await startPaidServer();
    const payInvoice = spyWallet();
    const l402Fetch = createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS });

    const response = await l402Fetch(`${url}/paid`, post('{"items":[1,2,3]}'));

    expect(response.status).toBe(200);
    expect(payInvoice).toHaveBeenCalledTimes(1);
    expect(payInvoice.mock.calls[0][1]).toEqual({ amountMsats: 21_000n, paymentHash: expect.any(String) });
    expect(requests).toHaveLength(2);
    expect(requests[1].headers.authorization).toBe(`L402 ${response.token?.macaroon}:${response.token?.preimage}`);
    expect(verifyRequestToken(requests[1], ENDPOINT).ok).toBe(true);
    expect(response.paidMsats).toBe(21_000n);
  });

  it('replays the body byte for byte, with its headers, on the retry', async () => {
    const { url, requests } = await startPaidServer();
    const l402Fetch = createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: BUDGET_MSATS });
    const bytes = randomBytes(4096);
    // A stream can be read only once: without buffering the retry would go out empty.
    const stream = new Blob([bytes]).stream();
    const init = { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-trace': 'a1' }, body: stream, duplex: 'half' };

    const response = await l402Fetch(`${url}/paid`, init);

    expect(response.status).toBe(200);
    const [first, retried] = requests;
    expect(first.body.equals(bytes)).toBe(true);
    expect(retried.body.equals(bytes)).toBe(true);
    expect(await response.json()).toMatchObject({ bodySha256: sha256(bytes) });
    for (const request of [first, retried]) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/octet-stream');
      expect(request.headers['x-trace']).toBe('a1');
    }
  });

  it('reuses the token for a later request without paying again', async () => {
    const { url, requests } = await startPaidServer();
    const payInvoice = spyWallet();
    const l402Fetch = createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS });
    const { token } = await l402Fetch(`${url}/paid`, post('{}'));
    if (!token) throw new Error('no token');

    const reread = await l402Fetch(`${url}/paid`, { method: 'POST', body: 'again', token });

    expect(reread.status).toBe(200);
    expect(reread.token).toEqual(token);
    expect(reread.paidMsats).toBe(0n);
    expect(payInvoice).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(3);
    expect(requests[2].headers.authorization).toBe(requests[1].headers.authorization);
  });

  it('does not pay again when a token sent up front is answered with 402', async () => {
    // The token already bought something (say a job); paying the new challenge would buy it twice.
    server = await startTestServer(() => json(402, {}, { 'www-authenticate': createChallenge(ENDPOINT).header }));
    const payInvoice = spyWallet();
    const spent = { macaroon: createChallenge(ENDPOINT).token.macaroon, preimage: '00'.repeat(32) };

    const response = await createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${server.url}/paid`, { token: spent });

    expect(response.status).toBe(402);
    expect(response.token).toEqual(spent);
    expect(payInvoice).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(1);
  });
});

describe('challenge formats', () => {
  it('answers an LSAT challenge offered among other challenges', async () => {
    const { url } = await startPaidServer({
      challengeHeader: (header) => `Bearer realm="boltwork", error="invalid_token", ${header.replace(/^L402/, 'LSAT')}`,
    });
    const response = await createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}'));
    expect(response.status).toBe(200);
  });

  it('reads challenges sent as several WWW-Authenticate headers', async () => {
    server = await startTestServer((request: RecordedRequest): Reply => {
      if (request.headers.authorization) return json(verifyRequestToken(request, ENDPOINT).ok ? 200 : 401, {});
      return { status: 402, headers: { 'www-authenticate': ['Basic realm="x"', createChallenge(ENDPOINT).header] } };
    });
    const response = await createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: BUDGET_MSATS })(`${server.url}/paid`, post('{}'));
    expect(response.status).toBe(200);
  });
});

describe('refusals before paying', () => {
  it('refuses an invoice above the budget', async () => {
    const { url, requests } = await startPaidServer({ invoice: { amountMsats: BUDGET_MSATS + 1n } });
    const payInvoice = spyWallet();
    const error = await expectRefusal(createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}')), 'over_budget');
    expect(error.hasCalledPayInvoice).toBe(false);
    expect(payInvoice).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  it('accepts an invoice exactly at the budget', async () => {
    const { url } = await startPaidServer({ invoice: { amountMsats: BUDGET_MSATS } });
    const response = await createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}'));
    expect(response.paidMsats).toBe(BUDGET_MSATS);
  });

  it('refuses an invoice whose payment hash is not the one in the macaroon', async () => {
    const { url, requests } = await startPaidServer({ invoice: { macaroonPaymentHash: 'ab'.repeat(32) } });
    const payInvoice = spyWallet();
    await expectRefusal(createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}')), 'hash_mismatch');
    expect(payInvoice).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  it('refuses an expired invoice', async () => {
    const { url } = await startPaidServer({ invoice: { timestamp: Math.floor(Date.now() / 1000) - 700, expirySeconds: 600 } });
    const payInvoice = spyWallet();
    await expectRefusal(createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}')), 'expired');
    expect(payInvoice).not.toHaveBeenCalled();
  });

  it('refuses a challenge without a readable invoice or macaroon', async () => {
    const payInvoice = spyWallet();
    const l402Fetch = createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS });
    const { url } = await startPaidServer({ challengeHeader: (header) => header.replace(/invoice="[^"]+"/, 'invoice="lnbcrt1garbage"') });
    await expectRefusal(l402Fetch(`${url}/paid`, post('{}')), 'invalid_invoice');
    await server?.close();
    server = await startTestServer(() => json(402, {}, { 'www-authenticate': 'L402 macaroon="AgJ4", invoice="lnbc1x"' }));
    await expectRefusal(l402Fetch(`${server.url}/paid`, post('{}')), 'invalid_invoice');
    await server.close();
    server = await startTestServer(() => json(402, {}, { 'www-authenticate': 'L402 invoice="lnbc1x"' }));
    await expectRefusal(l402Fetch(`${server.url}/paid`, post('{}')), 'invalid_challenge');
    expect(payInvoice).not.toHaveBeenCalled();
  });
});

describe('after paying', () => {
  it('catches a wrong preimage before retrying', async () => {
    const { url, requests } = await startPaidServer();
    const payInvoice = spyWallet(async () => randomBytes(32).toString('hex'));
    const error = await expectRefusal(createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}')), 'wrong_preimage');
    expect(error.hasCalledPayInvoice).toBe(true);
    expect(payInvoice).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(1);
  });

  it('reports a wallet failure as payment_failed with its cause', async () => {
    const { url, requests } = await startPaidServer();
    const payInvoice = spyWallet(async () => {
      throw new Error('insufficient balance');
    });
    const error = await expectRefusal(createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${url}/paid`, post('{}')), 'payment_failed');
    expect(error.cause).toEqual(new Error('insufficient balance'));
    expect(requests).toHaveLength(1);
  });

  it('keeps the paid token when the retry cannot be sent', async () => {
    const { url } = await startPaidServer();
    let calls = 0;
    const fetchImpl: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 2) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const l402Fetch = createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: BUDGET_MSATS, fetchImpl });
    const error = await expectRefusal(l402Fetch(`${url}/paid`, post('{}')), 'retry_failed');

    const retried = await createL402Fetch({ payInvoice: spyWallet(), maxPriceMsats: 0n })(`${url}/paid`, {
      ...post('{}'),
      token: error.token ?? undefined,
    });
    expect(retried.status).toBe(200);
  });
});

describe('responses that are not L402 challenges', () => {
  it('passes a non-402 error through untouched', async () => {
    const problem = { type: 'urn:boltwork:problem:NOT_FOUND', title: 'Not found', status: 404, detail: 'No such job.' };
    server = await startTestServer(() => json(404, problem, { 'content-type': 'application/problem+json' }));
    const payInvoice = spyWallet();

    const response = await createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${server.url}/missing`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual(problem);
    expect(response.token).toBeNull();
    expect(payInvoice).not.toHaveBeenCalled();
  });

  it('passes a 402 without an L402 challenge through', async () => {
    server = await startTestServer(() => json(402, { detail: 'Top up your account.' }, { 'www-authenticate': 'Basic realm="x"' }));
    const payInvoice = spyWallet();
    const response = await createL402Fetch({ payInvoice, maxPriceMsats: BUDGET_MSATS })(`${server.url}/x`);
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({ detail: 'Top up your account.' });
    expect(payInvoice).not.toHaveBeenCalled();
  });
});
