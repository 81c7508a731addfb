// Bad L402 tokens are refused and change nothing (issue 8): forged or tampered macaroons and wrong preimages get 401;
// a token that is ours and paid but does not cover the request (expired, caveats exceeded, another operation, already
// used, paid for less) gets 402 with a fresh price, and only that new invoice is written. Over real HTTP.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findL402Challenge } from '@/lib/agent-client';
import { getL402RootKey } from '@/lib/agents/config';
import { db } from '@/lib/db';
import { readMacaroonPaymentHash } from '@/lib/agent-client';
import { addFirstPartyCaveat, parseMacaroon, serializeMacaroon } from '@/lib/l402/macaroon';
import { issueToken } from '@/lib/l402/token';
import { createAgentWallet, fingerprint, startAgentApi } from './harness';

let api: Awaited<ReturnType<typeof startAgentApi>>;
beforeAll(async () => {
  api = await startAgentApi();
});
afterAll(async () => {
  await api.close();
});

const wallet = createAgentWallet();
const jobBody = (items = 2, rewardSats = 5) => ({
  taskType: 'CLASSIFICATION',
  instructions: 'Cat or dog?',
  typeConfig: { labels: ['cat', 'dog'] },
  items: Array.from({ length: items }, (_, i) => ({ id: `p${i}`, text: `Photo ${i}` })),
  judgmentsPerItem: 1,
  rewardSats,
  refundTo: { type: 'lightning_address', address: 'agent@wallet.example' },
});

const post = (body: unknown, authorization?: string) =>
  fetch(`${api.origin}/api/agent/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

/** Asks for a job, pays the 402's invoice, and returns what a retry needs. */
async function paidToken(body = jobBody()) {
  const response = await post(body);
  expect(response.status).toBe(402);
  const challenge = findL402Challenge(response.headers.get('www-authenticate'));
  if (challenge === 'none' || challenge === 'malformed') throw new Error('no L402 challenge');
  const preimage = await wallet.payInvoice(challenge.invoice);
  return { macaroon: challenge.macaroon, preimage, paymentHash: readMacaroonPaymentHash(challenge.macaroon)!, header: `L402 ${challenge.macaroon}:${preimage}` };
}

/** A token minted with our own root key, as if we had issued it with these caveats. */
async function ourToken(paymentHash: string, caveats: { endpoint?: string; maxJudgments?: number; expiresAt?: Date }) {
  return issueToken({
    rootKey: await getL402RootKey(),
    paymentHash,
    caveats: { endpoint: caveats.endpoint ?? 'POST /api/agent/v1/jobs', maxJudgments: caveats.maxJudgments ?? 2, expiresAt: caveats.expiresAt ?? new Date(Date.now() + 3600_000) },
  }).macaroon;
}

async function expectRefused(response: Response, status: 401 | 402, code: string, reason?: string) {
  const body = await response.json();
  expect({ status: response.status, code: body.code, reason: body.reason }).toEqual({ status, code, reason });
  if (status === 402) expect(findL402Challenge(response.headers.get('www-authenticate'))).toMatchObject({ scheme: 'L402' });
  else expect(response.headers.get('www-authenticate')).toBeNull();
  return body;
}

/** A 401 writes nothing at all; a 402 writes only its new invoice (one PENDING deposit). */
async function expectNothingChanged(status: 401 | 402, run: () => Promise<void>) {
  const deposits = await db.deposit.count();
  const before = await fingerprint(status === 402 ? ['Deposit'] : []);
  await run();
  expect(await fingerprint(status === 402 ? ['Deposit'] : [])).toBe(before);
  expect(await db.deposit.count()).toBe(deposits + (status === 402 ? 1 : 0));
  if (status === 402) expect((await db.deposit.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).status).toBe('PENDING');
}

describe('L402 tokens on POST /api/agent/v1/jobs', () => {
  it('a forged macaroon (signed with another root key) is refused with 401', async () => {
    const { paymentHash, preimage } = await paidToken();
    const forged = issueToken({ rootKey: randomBytes(32), paymentHash, caveats: { endpoint: 'POST /api/agent/v1/jobs', maxJudgments: 1000, expiresAt: new Date(Date.now() + 3600_000) } }).macaroon;
    await expectNothingChanged(401, async () => {
      await expectRefused(await post(jobBody(), `L402 ${forged}:${preimage}`), 401, 'INVALID_TOKEN');
    });
  });

  it('a macaroon whose caveat was edited (signature no longer matches) is refused with 401', async () => {
    const { macaroon, preimage } = await paidToken();
    const parsed = parseMacaroon(macaroon);
    if (!parsed.ok) throw new Error('unparsable');
    const widened = serializeMacaroon({ ...parsed.macaroon, caveats: parsed.macaroon.caveats.map((c) => (c.startsWith('max_judgments=') ? 'max_judgments=1000' : c)) });
    await expectNothingChanged(401, async () => {
      await expectRefused(await post(jobBody(3), `L402 ${widened}:${preimage}`), 401, 'INVALID_TOKEN');
    });
  });

  it('a wrong preimage is refused with 401, and so is an unpaid token', async () => {
    const { macaroon } = await paidToken();
    await expectNothingChanged(401, async () => {
      await expectRefused(await post(jobBody(), `L402 ${macaroon}:${randomBytes(32).toString('hex')}`), 401, 'INVALID_TOKEN');
      await expectRefused(await post(jobBody(), `L402 ${macaroon}:not-hex`), 401, 'INVALID_TOKEN');
      await expectRefused(await post(jobBody(), 'Bearer abc'), 401, 'INVALID_TOKEN');
    });
  });

  it('an expired creation token gets 402 with a new invoice, and no job', async () => {
    const { paymentHash, preimage } = await paidToken();
    const expired = await ourToken(paymentHash, { expiresAt: new Date(Date.now() - 1000) });
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(), `L402 ${expired}:${preimage}`), 402, 'PAYMENT_REQUIRED', 'expired');
    });
  });

  it('caveats exceeded: more judgments than the token allows, or than a caveat the holder added allows, get 402', async () => {
    const { macaroon, preimage } = await paidToken(jobBody(2));
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(3), `L402 ${macaroon}:${preimage}`), 402, 'PAYMENT_REQUIRED', 'caveat_exceeded');
    });
    const parsed = parseMacaroon(macaroon);
    if (!parsed.ok) throw new Error('unparsable');
    const narrowed = serializeMacaroon(addFirstPartyCaveat(parsed.macaroon, 'max_judgments=1'));
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(2), `L402 ${narrowed}:${preimage}`), 402, 'PAYMENT_REQUIRED', 'caveat_exceeded');
    });
    const unknown = serializeMacaroon(addFirstPartyCaveat(parsed.macaroon, 'ip=10.0.0.1'));
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(2), `L402 ${unknown}:${preimage}`), 402, 'PAYMENT_REQUIRED', 'unknown_caveat');
    });
    // The untouched token still works for what it paid for.
    expect((await post(jobBody(2), `L402 ${macaroon}:${preimage}`)).status).toBe(201);
  });

  it('a token for another operation, or one that paid less than the request costs, gets 402', async () => {
    const { paymentHash, preimage } = await paidToken(jobBody(2, 5));
    const otherEndpoint = await ourToken(paymentHash, { endpoint: 'POST /api/agent/v1/quote' });
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(), `L402 ${otherEndpoint}:${preimage}`), 402, 'PAYMENT_REQUIRED', 'wrong_endpoint');
    });
    const { macaroon, preimage: paid } = await paidToken(jobBody(2, 5));
    await expectNothingChanged(402, async () => {
      await expectRefused(await post(jobBody(2, 6), `L402 ${macaroon}:${paid}`), 402, 'PAYMENT_REQUIRED', 'underpaid');
    });
  });

  it('a creation token creates one job: a replay gets 402 naming that job, and concurrent retries create one', async () => {
    const { header } = await paidToken();
    const first = await post(jobBody(), header);
    expect(first.status).toBe(201);
    const job = await first.json();
    await expectNothingChanged(402, async () => {
      const body = await expectRefused(await post(jobBody(), header), 402, 'PAYMENT_REQUIRED', 'token_used');
      expect(body.jobId).toBe(job.id);
    });

    const racing = await paidToken();
    const jobsBefore = await db.agentJob.count();
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(jobBody(), racing.header)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 402, 402, 402]);
    expect(await db.agentJob.count()).toBe(jobsBefore + 1);
    const transfers = await db.ledgerTransfer.count({ where: { idempotencyKey: { startsWith: 'agent-job:deposit:' } } });
    expect(transfers).toBe(await db.agentJob.count());
  });
});

describe('reading with a token', () => {
  it('reads only the job the token created; no, bad or foreign tokens are refused', async () => {
    const a = await paidToken();
    const b = await paidToken();
    const jobA = await (await post(jobBody(), a.header)).json();
    const jobB = await (await post(jobBody(), b.header)).json();
    const get = (id: string, authorization?: string) => fetch(`${api.origin}/api/agent/v1/jobs/${id}`, { headers: authorization ? { authorization } : {} });

    expect((await get(jobA.id, a.header)).status).toBe(200);
    expect((await get(jobB.id, a.header)).status).toBe(404);
    expect((await get(jobA.id)).status).toBe(401);
    expect((await get(jobA.id, `L402 ${a.macaroon}:${randomBytes(32).toString('hex')}`)).status).toBe(401);
    const forged = issueToken({ rootKey: randomBytes(32), paymentHash: a.paymentHash, caveats: { endpoint: 'POST /api/agent/v1/jobs', maxJudgments: 2, expiresAt: new Date(Date.now() + 3600_000) } }).macaroon;
    expect((await get(jobA.id, `L402 ${forged}:${a.preimage}`)).status).toBe(401);
    expect((await fetch(`${api.origin}/api/agent/v1/jobs/${jobB.id}/results`, { headers: { authorization: a.header } })).status).toBe(404);
    const cancelOther = await fetch(`${api.origin}/api/agent/v1/jobs/${jobB.id}`, { method: 'DELETE', headers: { authorization: a.header } });
    expect(cancelOther.status).toBe(404);
    expect((await db.agentJob.findUniqueOrThrow({ where: { id: jobB.id } })).status).toBe('ACTIVE');
  });

  it('an invalid request is refused before any invoice is issued', async () => {
    const deposits = await db.deposit.count();
    const response = await post({ ...jobBody(), items: [{ id: 'x', text: '' }, { id: 'x', text: 'dup' }] });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.items.1']));
    expect(await db.deposit.count()).toBe(deposits);
  });
});
