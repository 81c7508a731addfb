// A fetch wrapper that pays L402 challenges: send the request; on 402 with an L402 challenge, check the invoice
// (checkChallengeBeforePaying), pay it with the caller's wallet, check the preimage, and send the request again
// once with `Authorization: L402 <macaroon>:<preimage>`. Runs on any Node 20+ (fetch, node:crypto, bolt11).
//
// Request bodies are read into memory before the first send: a stream can be sent only once, and the retry must
// carry the same bytes the price was quoted for. Do not pass bodies larger than you are willing to buffer.
import { createHash } from 'node:crypto';

import { checkChallengeBeforePaying, type ApprovedInvoice } from './check-challenge';
import { findL402Challenge } from './challenge';
import { L402Error } from './errors';
import { formatL402Authorization, type L402Token } from './l402-token';

/** Pays a BOLT #11 invoice and resolves to its preimage (hex). The second argument is what the client checked. */
export type PayInvoice = (bolt11: string, invoice: { amountMsats: bigint; paymentHash: string }) => Promise<string>;

export type L402FetchOptions = {
  payInvoice: PayInvoice;
  /** The most a single request may cost; a dearer invoice is refused without paying. */
  maxPriceMsats: bigint;
  fetchImpl?: typeof fetch;
  /** For tests: the clock used for invoice expiry. */
  now?: () => Date;
};

export type L402RequestInit = RequestInit & {
  /**
   * A token already paid for (e.g. the one a job was created with) sent up front. If the server still answers
   * 402, that response is returned as it is and nothing is paid: the token may already have bought a job, and
   * paying again would buy a second one.
   */
  token?: L402Token;
};

export type L402Response = Response & {
  /** The token the request was sent with: the one paid for here, the one passed in, or null. */
  token: L402Token | null;
  /** What this call paid: 0n unless a challenge was paid. */
  paidMsats: bigint;
};

export type L402Fetch = (input: string | URL | Request, init?: L402RequestInit) => Promise<L402Response>;

const PREIMAGE_HEX = /^[0-9a-f]{64}$/;

export function createL402Fetch(options: L402FetchOptions): L402Fetch {
  if (options.maxPriceMsats < 0n) throw new RangeError('maxPriceMsats cannot be negative');
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());

  return async (input, init = {}) => {
    const { token: presetToken, ...requestInit } = init;
    const send = await prepareReplayableRequest(fetchImpl, input, requestInit);
    if (presetToken) return withPayment(await send(presetToken), presetToken, 0n);

    const first = await send(null);
    if (first.status !== 402) return withPayment(first, null, 0n);
    const challenge = findL402Challenge(first.headers.get('www-authenticate'));
    // A 402 that is not an L402 challenge is the server's answer to show, not ours to handle.
    if (challenge === 'none') return withPayment(first, null, 0n);
    await discardBody(first);
    if (challenge === 'malformed') {
      throw new L402Error('invalid_challenge', 'The 402 challenge has no usable macaroon and invoice.');
    }

    const invoice = checkChallengeBeforePaying(challenge, { maxPriceMsats: options.maxPriceMsats, now: now() });
    const token = { macaroon: challenge.macaroon, preimage: await payAndCheck(options.payInvoice, invoice) };
    try {
      return withPayment(await send(token), token, invoice.amountMsats);
    } catch (error) {
      throw new L402Error('retry_failed', 'Paid, but the retried request failed; retry it with the token.', token, {
        cause: error,
      });
    }
  };
}

async function payAndCheck(payInvoice: PayInvoice, invoice: ApprovedInvoice): Promise<string> {
  let preimage: string;
  try {
    preimage = (await payInvoice(invoice.bolt11, { amountMsats: invoice.amountMsats, paymentHash: invoice.paymentHash }))
      .trim()
      .toLowerCase();
  } catch (error) {
    throw new L402Error('payment_failed', 'The wallet could not pay the invoice.', null, { cause: error });
  }
  // Checked before the retry: a wrong preimage would only earn a 401, and it says the wallet is not to be trusted.
  const hash = PREIMAGE_HEX.test(preimage) ? createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') : '';
  if (hash !== invoice.paymentHash) {
    throw new L402Error('wrong_preimage', 'The wallet returned a preimage that does not match the invoice.');
  }
  return preimage;
}

/** Buffers the body once and returns a sender that replays the same request, optionally with a token. */
async function prepareReplayableRequest(
  fetchImpl: typeof fetch,
  input: string | URL | Request,
  init: RequestInit,
): Promise<(token: L402Token | null) => Promise<Response>> {
  const request = new Request(input, init);
  const body = request.body ? await request.arrayBuffer() : undefined;
  return (token) => {
    const headers = new Headers(request.headers);
    if (token) headers.set('authorization', formatL402Authorization(token));
    return fetchImpl(request.url, { ...init, method: request.method, headers, body, signal: request.signal });
  };
}

function withPayment(response: Response, token: L402Token | null, paidMsats: bigint): L402Response {
  // Extends the Response itself so callers keep a real Response (fetch-compatible) with the token beside it.
  return Object.assign(response, { token, paidMsats });
}

/** Frees the connection of a response we will not read. */
async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}
