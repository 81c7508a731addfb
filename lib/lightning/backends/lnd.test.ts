// LndBackend against a local HTTPS server that speaks LND's REST gateway: macaroon header, a self-signed
// certificate pinned as CA, unary JSON calls and newline-delimited router streams.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LndBackend } from './lnd';
import { LightningBackendError } from './shared';

const MACAROON = randomBytes(48).toString('hex');
const NODE_PUBKEY = `02${'ab'.repeat(32)}`;

type StoredInvoice = { hash: string; valueMsat: string; memo: string; state: string; creationDate: number; expiry: number; paidMsat?: string; settleDate?: number };
type StoredPayment = { status: string; preimage: string; feeMsat: string; failureReason: string };

const invoices = new Map<string, StoredInvoice>();
const payments = new Map<string, StoredPayment>();
const sendBodies: unknown[] = [];
const seenMacaroons: (string | undefined)[] = [];

function newPair() {
  const preimage = randomBytes(32).toString('hex');
  const hash = createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex');
  return { preimage, hash };
}

// Invoices the fake node "pays": the bolt11 string picks the behaviour, the pair is what the test checks.
const scenarios = {
  success: newPair(),
  failure: newPair(),
  inflight: newPair(),
  drop: newPair(),
  wrongPreimage: newPair(),
  alreadyPaid: newPair(),
  expired: newPair(),
  streamError: newPair(),
};
type Scenario = keyof typeof scenarios;
const bolt11 = (scenario: Scenario) => `lnbcrt10u1fake${scenario}`;

function paymentJson(status: string, preimage = '', feeMsat = '0', failureReason = 'FAILURE_REASON_NONE') {
  return JSON.stringify({ result: { payment_hash: '', status, payment_preimage: preimage, fee_msat: feeMsat, failure_reason: failureReason } }) + '\n';
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
}

function handleSend(res: ServerResponse, body: { payment_request?: string }) {
  const scenario = (Object.keys(scenarios) as Scenario[]).find((key) => bolt11(key) === body.payment_request);
  if (!scenario) return sendJson(res, 400, { code: 3, message: 'invalid payment request', details: [] });
  const { preimage, hash } = scenarios[scenario];
  if (scenario === 'alreadyPaid') return sendJson(res, 409, { error: { code: 6, message: 'invoice is already paid', details: [] } });
  res.writeHead(200, { 'content-type': 'application/json' });
  if (scenario === 'expired') return res.end(JSON.stringify({ error: { code: 2, message: 'invoice expired. Valid until 2024-01-01', details: [] } }) + '\n');
  res.write(paymentJson('IN_FLIGHT'));
  payments.set(hash, { status: 'IN_FLIGHT', preimage: '', feeMsat: '0', failureReason: 'FAILURE_REASON_NONE' });
  const later = (ms: number, fn: () => void) => setTimeout(fn, ms).unref();
  switch (scenario) {
    case 'success':
      later(30, () => {
        payments.set(hash, { status: 'SUCCEEDED', preimage, feeMsat: '1234', failureReason: 'FAILURE_REASON_NONE' });
        res.end(paymentJson('SUCCEEDED', preimage, '1234'));
      });
      break;
    case 'failure':
      later(30, () => {
        payments.set(hash, { status: 'FAILED', preimage: '', feeMsat: '0', failureReason: 'FAILURE_REASON_NO_ROUTE' });
        res.end(paymentJson('FAILED', '', '0', 'FAILURE_REASON_NO_ROUTE'));
      });
      break;
    case 'drop':
      later(30, () => res.socket?.destroy());
      break;
    case 'streamError':
      later(30, () => res.end(JSON.stringify({ error: { code: 1, message: 'context canceled', details: [] } }) + '\n'));
      break;
    case 'wrongPreimage':
      later(30, () => res.end(paymentJson('SUCCEEDED', randomBytes(32).toString('hex'), '10')));
      break;
    case 'inflight':
      break; // never decides
  }
}

function handleTrack(res: ServerResponse, segment: string) {
  // grpc-gateway decodes bytes in a path with Go's base64 (std or URL alphabet, padded): check we send that.
  if (!/^[A-Za-z0-9_-]{43}=$/.test(segment)) return sendJson(res, 400, { code: 3, message: `bad base64 ${segment}` });
  const hash = Buffer.from(segment, 'base64url').toString('hex');
  const payment = payments.get(hash);
  if (!payment) return sendJson(res, 404, { error: { code: 5, message: "payment isn't initiated", details: [] } });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(paymentJson(payment.status, payment.preimage, payment.feeMsat, payment.failureReason));
  if (payment.status !== 'IN_FLIGHT') res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const macaroon = req.headers['grpc-metadata-macaroon'];
  seenMacaroons.push(typeof macaroon === 'string' ? macaroon : undefined);
  // Like a careless proxy, the refusal echoes the macaroon it got: the backend must never repeat it.
  if (macaroon !== MACAROON) return sendJson(res, 401, { code: 16, message: `verification failed: macaroon ${macaroon} signature mismatch`, details: [] });
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const body = await readBody(req);
  if (req.method === 'GET' && url.pathname === '/v1/getinfo') {
    return sendJson(res, 200, { identity_pubkey: NODE_PUBKEY, alias: 'fake', chains: [{ chain: 'bitcoin', network: 'regtest' }], synced_to_chain: true });
  }
  if (req.method === 'GET' && url.pathname === '/v1/balance/channels') {
    return sendJson(res, 200, { balance: '1234', local_balance: { sat: '1234', msat: '1234567' } });
  }
  if (req.method === 'POST' && url.pathname === '/v1/invoices') {
    const { value_msat, memo, expiry } = body as { value_msat: string; memo: string; expiry: string };
    const { hash } = newPair();
    invoices.set(hash, { hash, valueMsat: value_msat, memo, state: 'OPEN', creationDate: Math.floor(Date.now() / 1000), expiry: Number(expiry) });
    return sendJson(res, 200, { r_hash: Buffer.from(hash, 'hex').toString('base64'), payment_request: `lnbcrt${value_msat}fakeinvoice`, add_index: '1' });
  }
  const invoiceMatch = /^\/v1\/invoice\/([0-9a-f]{64})$/.exec(url.pathname);
  if (req.method === 'GET' && invoiceMatch) {
    const invoice = invoices.get(invoiceMatch[1] ?? '');
    if (!invoice) return sendJson(res, 404, { code: 5, message: 'unable to locate invoice', details: [] });
    return sendJson(res, 200, {
      memo: invoice.memo,
      r_hash: Buffer.from(invoice.hash, 'hex').toString('base64'),
      value_msat: invoice.valueMsat,
      state: invoice.state,
      creation_date: String(invoice.creationDate),
      expiry: String(invoice.expiry),
      settle_date: String(invoice.settleDate ?? 0),
      amt_paid_msat: invoice.paidMsat ?? '0',
    });
  }
  if (req.method === 'POST' && url.pathname === '/v2/router/send') {
    sendBodies.push(body);
    return handleSend(res, body as { payment_request?: string });
  }
  const trackMatch = /^\/v2\/router\/track\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && trackMatch) return handleTrack(res, decodeURIComponent(trackMatch[1] ?? ''));
  return sendJson(res, 404, { code: 5, message: 'Not Found' });
}

let dir: string;
let server: Server;
let certPem: string;
let otherCertPem: string;
let restUrl: string;
const backends: LndBackend[] = [];

function makeCert(name: string): string {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.cert`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return readFileSync(cert, 'utf8');
}

function backend(overrides: Partial<ConstructorParameters<typeof LndBackend>[0]> = {}): LndBackend {
  const created = new LndBackend({ restUrl, macaroonHex: MACAROON, tlsCertPem: certPem, network: 'regtest', paymentGraceMs: 300, requestTimeoutMs: 2_000, ...overrides });
  backends.push(created);
  return created;
}

function payInput(scenario: Scenario, timeoutSeconds = 5) {
  return { bolt11: bolt11(scenario), paymentHash: scenarios[scenario].hash, amountMsats: 1_000_000n, feeLimitMsats: 10_000n, timeoutSeconds };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'boltwork-lnd-test-'));
  certPem = makeCert('lnd');
  otherCertPem = makeCert('other');
  server = createServer({ cert: certPem, key: readFileSync(path.join(dir, 'lnd.key')) }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  restUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('LndBackend: node and invoices', () => {
  it('reads node info and the local channel balance with the macaroon header', async () => {
    const info = await backend().getInfo();
    expect(info).toEqual({ nodePubkey: NODE_PUBKEY, network: 'regtest', balanceMsats: 1_234_567n });
    expect(seenMacaroons.at(-1)).toBe(MACAROON);
  });

  it('refuses a node on another network', async () => {
    await expect(backend({ network: 'mainnet' }).getInfo()).rejects.toThrow(/"regtest".*mainnet/);
  });

  it('gets 401 without the right macaroon and never repeats the macaroon in errors', async () => {
    const wrong = randomBytes(48).toString('hex');
    const error = await backend({ macaroonHex: wrong }).getInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LightningBackendError);
    expect(String((error as Error).message)).toMatch(/HTTP 401/);
    expect(String((error as Error).message)).not.toContain(wrong);
    const outcome = await backend({ macaroonHex: wrong }).payInvoice(payInput('success'));
    expect(outcome).toEqual({ status: 'PENDING', reason: expect.stringMatching(/HTTP 401/) });
    expect(JSON.stringify(outcome)).not.toContain(wrong.slice(0, 40));
  });

  it('creates an invoice in msats and follows it from OPEN to SETTLED', async () => {
    const lnd = backend();
    const before = Date.now();
    const created = await lnd.createInvoice({ amountMsats: 1_500n, description: 'Boltwork funding', expirySeconds: 600 });
    expect(created.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.bolt11).toBe('lnbcrt1500fakeinvoice');
    expect(created.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 600_000);
    const stored = invoices.get(created.paymentHash);
    expect(stored).toMatchObject({ valueMsat: '1500', memo: 'Boltwork funding', expiry: 600 });

    expect(await lnd.getInvoice(created.paymentHash)).toMatchObject({ status: 'PENDING', amountReceivedMsats: null });
    Object.assign(stored ?? {}, { state: 'SETTLED', paidMsat: '1500', settleDate: 1_700_000_000 });
    expect(await lnd.getInvoice(created.paymentHash.toUpperCase())).toEqual({
      paymentHash: created.paymentHash,
      status: 'PAID',
      amountReceivedMsats: 1_500n,
      paidAt: new Date(1_700_000_000_000),
    });
  });

  it('maps a cancelled-after-expiry invoice to EXPIRED and an unknown one to NOT_FOUND', async () => {
    const lnd = backend();
    const created = await lnd.createInvoice({ amountMsats: 2_000n, description: 'x', expirySeconds: 60 });
    Object.assign(invoices.get(created.paymentHash) ?? {}, { state: 'CANCELED', creationDate: 1_000 });
    expect((await lnd.getInvoice(created.paymentHash)).status).toBe('EXPIRED');
    expect((await lnd.getInvoice(newPair().hash)).status).toBe('NOT_FOUND');
  });
});

describe('LndBackend: paying over the router stream', () => {
  it('is PAID after IN_FLIGHT then SUCCEEDED with a preimage that hashes to the payment hash', async () => {
    const outcome = await backend().payInvoice(payInput('success', 7));
    expect(outcome).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 1_234n });
    expect(sendBodies.at(-1)).toEqual({ payment_request: bolt11('success'), timeout_seconds: 7, fee_limit_msat: '10000', no_inflight_updates: false });
  });

  it('is FAILED only when LND says FAILED, with its reason', async () => {
    expect(await backend().payInvoice(payInput('failure'))).toEqual({ status: 'FAILED', reason: 'LND: FAILURE_REASON_NO_ROUTE' });
  });

  it('is PENDING when the payment stays in flight past the timeout', async () => {
    const started = Date.now();
    const outcome = await backend().payInvoice(payInput('inflight', 1));
    const elapsed = Date.now() - started;
    expect(outcome).toEqual({ status: 'PENDING', reason: expect.stringMatching(/No final state.*IN_FLIGHT/) });
    expect(elapsed).toBeGreaterThanOrEqual(1_200);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('is PENDING when the connection drops mid-stream', async () => {
    const outcome = await backend().payInvoice(payInput('drop'));
    expect(outcome).toEqual({ status: 'PENDING', reason: expect.stringMatching(/IN_FLIGHT/) });
  });

  it('is not PAID when the preimage does not hash to the payment hash', async () => {
    const outcome = await backend().payInvoice(payInput('wrongPreimage'));
    expect(outcome).toEqual({ status: 'PENDING', reason: expect.stringMatching(/sha256\(preimage\)/) });
  });

  it('asks track when LND refuses up front: an earlier success is PAID, nothing recorded is FAILED', async () => {
    const { preimage, hash } = scenarios.alreadyPaid;
    payments.set(hash, { status: 'SUCCEEDED', preimage, feeMsat: '7', failureReason: 'FAILURE_REASON_NONE' });
    expect(await backend().payInvoice(payInput('alreadyPaid'))).toEqual({ status: 'PAID', preimage, feeMsats: 7n });
    expect(await backend().payInvoice(payInput('expired'))).toEqual({ status: 'FAILED', reason: 'Not sent: LND: invoice expired. Valid until 2024-01-01' });
  });

  it('is PENDING on an error line after the payment went in flight', async () => {
    expect(await backend().payInvoice(payInput('streamError'))).toEqual({ status: 'PENDING', reason: 'LND stream error after IN_FLIGHT: context canceled' });
  });

  it('is PENDING when the node cannot be reached', async () => {
    const closed = backend({ restUrl: 'https://127.0.0.1:1' });
    const outcome = await closed.payInvoice(payInput('success'));
    expect(outcome.status).toBe('PENDING');
    expect(JSON.stringify(outcome)).not.toContain(MACAROON);
  });
});

describe('LndBackend: looking payments up (track)', () => {
  it('reports settled, failed and in-flight payments, and NOT_FOUND for a hash LND never saw', async () => {
    const lnd = backend();
    expect(await lnd.getPayment(scenarios.success.hash)).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 1_234n });
    expect(await lnd.getPayment(scenarios.failure.hash)).toEqual({ status: 'FAILED', reason: 'LND: FAILURE_REASON_NO_ROUTE' });
    expect(await lnd.getPayment(scenarios.inflight.hash)).toEqual({ status: 'PENDING', reason: 'LND reports the payment IN_FLIGHT' });
    expect(await lnd.getPayment(newPair().hash)).toEqual({ status: 'NOT_FOUND' });
  });

  it('is PENDING, not NOT_FOUND, when the lookup itself fails', async () => {
    const outcome = await backend({ macaroonHex: randomBytes(8).toString('hex') }).getPayment(scenarios.success.hash);
    expect(outcome).toEqual({ status: 'PENDING', reason: expect.stringMatching(/HTTP 401/) });
    // A wrong path prefix reaches grpc-gateway's "Not Found" for unknown routes: that is not "no such payment".
    const misrouted = await backend({ restUrl: `${restUrl}/wrong-prefix` }).getPayment(newPair().hash);
    expect(misrouted).toEqual({ status: 'PENDING', reason: expect.stringMatching(/HTTP 404: Not Found/) });
  });
});

describe('LndBackend: certificate pinning', () => {
  it('refuses the server when pinned to a different certificate', async () => {
    const pinnedElsewhere = backend({ tlsCertPem: otherCertPem });
    await expect(pinnedElsewhere.getInfo()).rejects.toThrow(/certificate|self.signed|verify/i);
    expect((await pinnedElsewhere.payInvoice(payInput('success'))).status).toBe('PENDING');
  });

  it('is refused by a client that trusts only the system CAs', async () => {
    await expect(request(`${restUrl}/v1/getinfo`, { headers: { 'Grpc-Metadata-macaroon': MACAROON } })).rejects.toThrow();
  });
});
