// Test-only: a real HTTP server on 127.0.0.1 that speaks L402 with the server-side core (lib/l402), signs real
// BOLT #11 invoices with a simulated node key, and a wallet that "pays" them by returning the known preimage.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { decode } from 'bolt11';

import { formatL402Challenge } from '@/lib/l402/header';
import { issueToken, verifyToken, type TokenVerification } from '@/lib/l402/token';
import { deriveSimNodeKey, signInvoice } from '@/lib/lightning/sim-keys';

export const ROOT_KEY = randomBytes(32);
const NODE_KEY = deriveSimNodeKey('42'.repeat(32));

export type RecordedRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer };

export type InvoiceOverrides = {
  amountMsats?: bigint;
  /** Bind the macaroon to this hash instead of the invoice's (a server bug or an attack). */
  macaroonPaymentHash?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  expirySeconds?: number;
};

/** Preimages by payment hash: what the fake Lightning network knows, so the fake wallet can "pay". */
export const preimagesByHash = new Map<string, string>();

export function createSignedInvoice(overrides: InvoiceOverrides = {}): { bolt11: string; paymentHash: string } {
  const preimage = randomBytes(32);
  const paymentHash = createHash('sha256').update(preimage).digest('hex');
  preimagesByHash.set(paymentHash, preimage.toString('hex'));
  const bolt11 = signInvoice(NODE_KEY, {
    network: 'regtest',
    amountMsats: overrides.amountMsats ?? 21_000n,
    paymentHash,
    paymentSecret: randomBytes(32).toString('hex'),
    description: 'agent-client test',
    expirySeconds: overrides.expirySeconds ?? 600,
    timestamp: overrides.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return { bolt11, paymentHash };
}

/** The `WWW-Authenticate` value of a fresh 402 for `endpoint`, and the token it issued. */
export function createChallenge(endpoint: string, overrides: InvoiceOverrides = {}) {
  const invoice = createSignedInvoice(overrides);
  const token = issueToken({
    rootKey: ROOT_KEY,
    paymentHash: overrides.macaroonPaymentHash ?? invoice.paymentHash,
    caveats: { endpoint, maxJudgments: 1000, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return { header: formatL402Challenge({ macaroon: token.macaroon, invoice: invoice.bolt11 }), ...invoice, token };
}

/** A wallet that pays invoices of the fake network by looking up their preimage. */
export async function payWithFakeWallet(bolt11: string): Promise<string> {
  const paymentHash = decode(bolt11).tagsObject.payment_hash;
  const preimage = paymentHash ? preimagesByHash.get(paymentHash) : undefined;
  if (!preimage) throw new Error('no route to the payee');
  return preimage;
}

export function verifyRequestToken(request: RecordedRequest, endpoint: string, judgments = 1): TokenVerification {
  return verifyToken({
    rootKey: ROOT_KEY,
    authorizationHeader: request.headers.authorization,
    now: new Date(),
    expected: { endpoint, judgments },
  });
}

export type Reply = { status: number; headers?: Record<string, string | string[]>; body?: string };
export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export type TestServer = { url: string; requests: RecordedRequest[]; close(): Promise<void> };

export async function startTestServer(handle: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    void respond(incoming, outgoing);
  });
  async function respond(incoming: IncomingMessage, outgoing: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    try {
      const reply = await handle(request);
      outgoing.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    } catch (error) {
      outgoing.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
