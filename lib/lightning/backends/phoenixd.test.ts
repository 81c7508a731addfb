// PhoenixdBackend against a local HTTP server that speaks phoenixd's API: basic auth (empty user),
// form-encoded bodies, amounts in sats, `/payinvoice` answering 200 for success and failure alike.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PhoenixdBackend } from './phoenixd';
import { LightningBackendError } from './shared';

const PASSWORD = `pw-${randomBytes(16).toString('hex')}`;
const NODE_ID = `03${'cd'.repeat(32)}`;

type Incoming = { paymentHash: string; isPaid: boolean; receivedSat: number; completedAt: number | null; isExpired: boolean; expiresAt: number };
type Outgoing = { paymentId: string; paymentHash: string; preimage: string | null; isPaid: boolean; sent: number; fees: number; completedAt: number | null; createdAt: number };

const incoming = new Map<string, Incoming>();
const outgoing = new Map<string, Outgoing>();
const forms: { path: string; form: Record<string, string> }[] = [];
const usernames: string[] = [];

function newPair() {
  const preimage = randomBytes(32).toString('hex');
  return { preimage, hash: createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') };
}

const scenarios = {
  success: newPair(),
  failure: newPair(),
  hang: newPair(),
  serverError: newPair(),
  badRequest: newPair(),
  wrongPreimage: newPair(),
};
type Scenario = keyof typeof scenarios;
const invoiceFor = (scenario: Scenario) => `lnbcrt1u1fake${scenario}`;

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  if (!chunks.length) return {};
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') throw new Error('not a form');
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function payInvoice(res: ServerResponse, form: Record<string, string>) {
  const scenario = (Object.keys(scenarios) as Scenario[]).find((key) => invoiceFor(key) === form.invoice);
  if (!scenario || scenario === 'badRequest') return text(res, 400, 'Invalid parameter invoice (bolt11invoice)');
  const { preimage, hash } = scenarios[scenario];
  const paymentId = randomUUID();
  const base = { paymentId, paymentHash: hash, sent: 1000, createdAt: Date.now() };
  switch (scenario) {
    case 'success':
      outgoing.set(hash, { ...base, preimage, isPaid: true, fees: 3_456, completedAt: Date.now() });
      return json(res, 200, { recipientAmountSat: 1000, routingFeeSat: 3, paymentId, paymentHash: hash, paymentPreimage: preimage });
    case 'failure':
      outgoing.set(hash, { ...base, preimage: null, isPaid: false, fees: 0, completedAt: Date.now() });
      return json(res, 200, { paymentId, paymentHash: hash, reason: 'route not found' });
    case 'wrongPreimage':
      return json(res, 200, { recipientAmountSat: 1000, routingFeeSat: 0, paymentId, paymentHash: hash, paymentPreimage: randomBytes(32).toString('hex') });
    case 'serverError':
      return text(res, 500, 'java.lang.IllegalStateException: peer disconnected');
    case 'hang':
      outgoing.set(hash, { ...base, preimage: null, isPaid: false, fees: 0, completedAt: null });
      return; // phoenixd keeps trying; the request never answers
  }
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
  const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':');
  usernames.push(user ?? '');
  if (scheme !== 'Basic' || rest.join(':') !== PASSWORD) {
    return text(res, 401, 'Invalid authentication (use basic auth with the http password set in phoenix.conf)');
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const form = await readForm(req);
  if (req.method === 'POST') forms.push({ path: url.pathname, form });
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /getinfo') return json(res, 200, { nodeId: NODE_ID, channels: [], chain: 'regtest', blockHeight: 150, version: '0.6.0' });
  if (route === 'GET /getbalance') return json(res, 200, { balanceSat: 5_000, feeCreditSat: 0 });
  if (route === 'POST /createinvoice') {
    const { hash } = newPair();
    const amountSat = Number(form.amountSat);
    incoming.set(hash, { paymentHash: hash, isPaid: false, receivedSat: 0, completedAt: null, isExpired: false, expiresAt: Date.now() + Number(form.expirySeconds) * 1000 });
    return json(res, 200, { amountSat, paymentHash: hash, serialized: `lnbcrt${amountSat}fakeinvoice` });
  }
  if (route === 'POST /payinvoice') return payInvoice(res, form);
  const [, kind, id] = /^\/payments\/(incoming|outgoing|outgoingbyhash)\/([^/]+)$/.exec(url.pathname) ?? [];
  if (req.method === 'GET' && kind === 'incoming') {
    const found = incoming.get(id ?? '');
    return found ? json(res, 200, { type: 'incoming_payment', subType: 'lightning', ...found, fees: 0, createdAt: 0 }) : text(res, 404, 'Unknown endpoint (check api doc)');
  }
  if (req.method === 'GET' && (kind === 'outgoing' || kind === 'outgoingbyhash')) {
    const found = kind === 'outgoing' ? [...outgoing.values()].find((p) => p.paymentId === id) : outgoing.get(id ?? '');
    return found ? json(res, 200, { type: 'outgoing_payment', subType: 'lightning', ...found }) : text(res, 404, 'Unknown endpoint (check api doc)');
  }
  return text(res, 404, 'Unknown endpoint (check api doc)');
}

let server: Server;
let url: string;

function backend(overrides: Partial<ConstructorParameters<typeof PhoenixdBackend>[0]> = {}): PhoenixdBackend {
  return new PhoenixdBackend({ url, password: PASSWORD, network: 'regtest', requestTimeoutMs: 2_000, paymentGraceMs: 200, ...overrides });
}

function payInput(scenario: Scenario, timeoutSeconds = 5) {
  return { bolt11: invoiceFor(scenario), paymentHash: scenarios[scenario].hash, amountMsats: 1_000_000n, feeLimitMsats: 10_000n, timeoutSeconds };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('PhoenixdBackend: node and invoices', () => {
  it('reads node info and balance with basic auth (empty user, the password)', async () => {
    expect(await backend().getInfo()).toEqual({ nodePubkey: NODE_ID, network: 'regtest', balanceMsats: 5_000_000n });
    expect(usernames.at(-1)).toBe('');
  });

  it('refuses a wrong password with 401 and never repeats the password', async () => {
    const wrong = `pw-${randomBytes(16).toString('hex')}`;
    const error = await backend({ password: wrong }).getInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LightningBackendError);
    expect((error as Error).message).toMatch(/HTTP 401/);
    expect((error as Error).message).not.toContain(wrong);
    // Refused before paying: nothing left the wallet, so this one is definite.
    expect(await backend({ password: wrong }).payInvoice(payInput('success'))).toEqual({ status: 'FAILED', reason: expect.stringMatching(/^Not sent: .*HTTP 401/) });
  });

  it('creates an invoice in whole sats with a form body', async () => {
    const created = await backend().createInvoice({ amountMsats: 21_000n, description: 'Boltwork funding', expirySeconds: 900 });
    expect(created.bolt11).toBe('lnbcrt21fakeinvoice');
    expect(created.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(forms.at(-1)).toEqual({ path: '/createinvoice', form: { description: 'Boltwork funding', amountSat: '21', expirySeconds: '900' } });
  });

  it('refuses amounts with a partial sat and over-long descriptions instead of rounding', async () => {
    const count = forms.length;
    await expect(backend().createInvoice({ amountMsats: 1_500n, description: 'x', expirySeconds: 60 })).rejects.toThrow(/whole sats/);
    await expect(backend().createInvoice({ amountMsats: 1_000n, description: 'x'.repeat(129), expirySeconds: 60 })).rejects.toThrow(/128/);
    expect(forms.length).toBe(count);
  });

  it('follows an incoming payment: PENDING, PAID, EXPIRED, NOT_FOUND', async () => {
    const phoenixd = backend();
    const created = await phoenixd.createInvoice({ amountMsats: 2_000n, description: 'x', expirySeconds: 60 });
    expect((await phoenixd.getInvoice(created.paymentHash)).status).toBe('PENDING');
    Object.assign(incoming.get(created.paymentHash) ?? {}, { isPaid: true, receivedSat: 2, completedAt: 1_700_000_000_123 });
    expect(await phoenixd.getInvoice(created.paymentHash)).toEqual({
      paymentHash: created.paymentHash,
      status: 'PAID',
      amountReceivedMsats: 2_000n,
      paidAt: new Date(1_700_000_000_123),
    });
    const stale = await phoenixd.createInvoice({ amountMsats: 2_000n, description: 'x', expirySeconds: 60 });
    Object.assign(incoming.get(stale.paymentHash) ?? {}, { isExpired: true });
    expect((await phoenixd.getInvoice(stale.paymentHash)).status).toBe('EXPIRED');
    expect((await phoenixd.getInvoice(newPair().hash)).status).toBe('NOT_FOUND');
  });
});

describe('PhoenixdBackend: paying', () => {
  it('is PAID with a checked preimage and the exact fee in msats', async () => {
    const outcome = await backend().payInvoice(payInput('success'));
    expect(outcome).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 3_456n });
    expect(forms.at(-1)).toEqual({ path: '/payinvoice', form: { invoice: invoiceFor('success') } });
  });

  it('is FAILED with phoenixd\'s reason when the 200 answer carries one', async () => {
    expect(await backend().payInvoice(payInput('failure'))).toEqual({ status: 'FAILED', reason: 'phoenixd: route not found' });
  });

  it('is PENDING when phoenixd never answers', async () => {
    const started = Date.now();
    const outcome = await backend().payInvoice(payInput('hang', 1));
    expect(outcome).toEqual({ status: 'PENDING', reason: 'No answer from phoenixd after 1 s' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('is PENDING on a server error and FAILED on a request phoenixd rejected', async () => {
    expect(await backend().payInvoice(payInput('serverError'))).toEqual({ status: 'PENDING', reason: expect.stringMatching(/HTTP 500/) });
    expect(await backend().payInvoice(payInput('badRequest'))).toEqual({ status: 'FAILED', reason: expect.stringMatching(/HTTP 400/) });
  });

  it('is not PAID when the preimage does not hash to the payment hash', async () => {
    expect(await backend().payInvoice(payInput('wrongPreimage'))).toEqual({ status: 'PENDING', reason: expect.stringMatching(/sha256\(preimage\)/) });
  });

  it('is PENDING when phoenixd cannot be reached', async () => {
    const outcome = await backend({ url: 'http://127.0.0.1:1' }).payInvoice(payInput('success'));
    expect(outcome.status).toBe('PENDING');
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
  });
});

describe('PhoenixdBackend: looking payments up by hash', () => {
  it('maps paid, failed, in-flight and unknown payments', async () => {
    const phoenixd = backend();
    expect(await phoenixd.getPayment(scenarios.success.hash)).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 3_456n });
    expect(await phoenixd.getPayment(scenarios.failure.hash)).toEqual({ status: 'FAILED', reason: 'phoenixd: the payment completed without success' });
    expect(await phoenixd.getPayment(scenarios.hang.hash)).toEqual({ status: 'PENDING', reason: 'phoenixd reports the payment in flight' });
    expect(await phoenixd.getPayment(newPair().hash)).toEqual({ status: 'NOT_FOUND' });
  });

  it('is PENDING, not NOT_FOUND, when the lookup cannot be made', async () => {
    expect((await backend({ url: 'http://127.0.0.1:1' }).getPayment(scenarios.success.hash)).status).toBe('PENDING');
    expect(await backend({ password: 'wrong-password' }).getPayment(scenarios.success.hash)).toEqual({ status: 'PENDING', reason: expect.stringMatching(/HTTP 401/) });
  });
});
