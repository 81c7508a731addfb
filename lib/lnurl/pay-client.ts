import 'server-only';
// LNURL-pay client (LUD-06) for Lightning Addresses (LUD-16): name@host -> payRequest -> invoice, and every
// check the returned invoice needs before we pay it (docs: /reference/lnurl.md "Paying to a Lightning Address").
// The remote server is untrusted: replies are parsed with zod, sizes and time are bounded, redirects refused,
// and by default only public https hosts are contacted.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import { isPrivateTargetError, lookupPublicOnly } from '@/lib/http/public-only';
import type { LightningNetwork } from '@/lib/lightning/backend';
import { decodeInvoice, describeMsats, InvoiceError, NETWORK_PREFIX, type DecodedInvoice } from '@/lib/lightning/invoice';

export const DEFAULT_LNURL_TIMEOUT_MS = 10_000;
const MAX_REPLY_CHARS = 64_000;
const MAX_METADATA_CHARS = 16_000;
/** The invoice must stay payable this long: paying takes a while (same margin as the withdraw callback). */
const MIN_SECONDS_LEFT = 60;
const MAX_CLOCK_SKEW_SECONDS = 60;

/** Something about a Lightning Address or its server that stops a payment. The message is safe to show. */
export class LnurlPayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LnurlPayError';
  }
}

export type LightningAddress = { name: string; host: string; /** `name@host`, lowercase. */ address: string };

export type AddressOptions = {
  /**
   * Tests only: accept IP literals, `localhost` and a `:port` (a local LNURL server on 127.0.0.1). Without it such
   * hosts are refused, so a worker cannot point our server at internal services.
   */
  allowInsecureHosts?: boolean;
};

export type FetchOptions = AddressOptions & {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Tests only: speak plain http (to a local server). Production is https only. */
  allowHttp?: boolean;
};

export type PayRequest = {
  address: string;
  callback: string;
  minSendableMsats: bigint;
  maxSendableMsats: bigint;
  metadata: string;
  /** sha256(metadata), hex: what the invoice's description hash must be. */
  metadataHash: string;
};

export type ValidatedInvoice = Pick<DecodedInvoice, 'bolt11' | 'paymentHash' | 'payeePubkey' | 'expiresAt'> & { amountMsats: bigint };

const NAME = /^[a-z0-9\-_.+]{1,64}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.onion'];

function isHostname(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  // A public name has a dot, and its last label is not all digits (`127.1` is an IPv4 literal to URL parsers).
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]);
}

function isPublicHost(host: string): boolean {
  return isHostname(host) && isIP(host) === 0 && !PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Whether a host (no port) may be contacted. Insecure mode also accepts localhost and IP literals. */
function isAllowedHost(hostWithPort: string, options: AddressOptions): boolean {
  if (!options.allowInsecureHosts) return isPublicHost(hostWithPort);
  try {
    const url = new URL(`http://${hostWithPort}`);
    return url.host === hostWithPort && (url.hostname === 'localhost' || isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || isHostname(url.hostname));
  } catch {
    return false;
  }
}

/** The zod schema of a Lightning Address: trimmed, lowercased, `name@host`. */
export function lightningAddressSchema(options: AddressOptions = {}) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .max(320, 'That Lightning Address is too long.')
    .transform((value, ctx): LightningAddress => {
      const at = value.lastIndexOf('@');
      const [name, host] = at > 0 ? [value.slice(0, at), value.slice(at + 1)] : ['', ''];
      if (!name || !host) {
        ctx.addIssue({ code: 'custom', message: 'A Lightning Address looks like name@example.com.' });
        return z.NEVER;
      }
      if (!NAME.test(name)) {
        ctx.addIssue({ code: 'custom', message: 'The part before @ may only use letters, digits and - _ . + (at most 64).' });
        return z.NEVER;
      }
      if (!isAllowedHost(host, options)) {
        ctx.addIssue({ code: 'custom', message: `"${host}" is not a public domain name.` });
        return z.NEVER;
      }
      return { name, host, address: `${name}@${host}` };
    });
}

/** Parses `name@host`; throws LnurlPayError with a sentence fit for the form. */
export function parseLightningAddress(input: string, options: AddressOptions = {}): LightningAddress {
  const parsed = lightningAddressSchema(options).safeParse(input);
  if (!parsed.success) throw new LnurlPayError(parsed.error.issues[0]?.message ?? 'That is not a valid Lightning Address.');
  return parsed.data;
}

const errorReplySchema = z.object({ status: z.string().refine((s) => s.toUpperCase() === 'ERROR'), reason: z.string().max(500).optional() });
const msatsSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const payRequestSchema = z.object({
  tag: z.literal('payRequest'),
  callback: z.string().max(2048),
  minSendable: msatsSchema,
  maxSendable: msatsSchema,
  metadata: z.string().min(2).max(MAX_METADATA_CHARS),
});
// LUD-06: metadata is a JSON array of [mime, content] pairs and must carry a text/plain entry.
const metadataSchema = z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())).refine((entries) => entries.some(([mime]) => mime === 'text/plain'));
const invoiceReplySchema = z.object({ pr: z.string().min(1).max(4096) });

// Public names can resolve to our own network (`x@127.0.0.1.nip.io`): the socket's own lookup refuses private
// addresses, so the address checked is the one connected to (lib/http/public-only.ts).
const publicOnlyAgent = new Agent({ connect: { lookup: lookupPublicOnly } });
const fetchPublicOnly: typeof fetch = (input, init) => undiciFetch(input as string | URL, { ...(init as object), dispatcher: publicOnlyAgent }) as unknown as Promise<Response>;

/** GETs a JSON reply from an untrusted LNURL server. Network failures and non-JSON become LnurlPayError. */
async function getJson(url: URL, what: string, options: FetchOptions): Promise<unknown> {
  const fetchImpl = options.fetchImpl ?? (options.allowInsecureHosts ? fetch : fetchPublicOnly);
  let text: string;
  try {
    const response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_LNURL_TIMEOUT_MS),
      cache: 'no-store',
    });
    text = await response.text();
  } catch (error) {
    if (isPrivateTargetError(error)) throw new LnurlPayError(`${what} is on a private or loopback address; we do not contact it.`, { cause: error });
    throw new LnurlPayError(`Could not reach ${what}.`, { cause: error });
  }
  if (text.length > MAX_REPLY_CHARS) throw new LnurlPayError(`${what} sent a reply that is too large.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LnurlPayError(`${what} did not answer with LNURL data.`, { cause: error });
  }
}

function checkUrl(raw: string, what: string, options: FetchOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LnurlPayError(`${what} sent an invalid callback URL.`);
  }
  const isHttps = url.protocol === 'https:';
  if (!isHttps && !(options.allowHttp && url.protocol === 'http:')) throw new LnurlPayError(`${what} sent a callback that is not https.`);
  if (url.username || url.password || !isAllowedHost(url.host, options)) throw new LnurlPayError(`${what} sent a callback to a host we do not contact.`);
  return url;
}

/** LUD-16: resolves `name@host` to its payRequest (one GET to /.well-known/lnurlp/<name>). */
export async function fetchPayRequest(address: string | LightningAddress, options: FetchOptions = {}): Promise<PayRequest> {
  const parsed = typeof address === 'string' ? parseLightningAddress(address, options) : address;
  const scheme = options.allowHttp ? 'http' : 'https';
  return fetchPayRequestAt(new URL(`${scheme}://${parsed.host}/.well-known/lnurlp/${encodeURIComponent(parsed.name)}`), parsed.address, options);
}

/**
 * LUD-06 step 1 at a URL the caller has already checked (a decoded LNURL-pay link, or a Lightning Address's
 * well-known URL); `who` names the service in errors.
 */
export async function fetchPayRequestAt(url: URL, who: string, options: FetchOptions = {}): Promise<PayRequest> {
  const reply = await getJson(url, who, options);
  const refused = errorReplySchema.safeParse(reply);
  if (refused.success) throw new LnurlPayError(`${who} answered with an error${refused.data.reason ? `: ${refused.data.reason}` : '.'}`);
  const result = payRequestSchema.safeParse(reply);
  if (!result.success) throw new LnurlPayError(`${who} did not answer with a valid LNURL-pay request.`);
  const body = result.data;
  if (body.minSendable > body.maxSendable) throw new LnurlPayError(`${who} accepts no amount (its minimum is above its maximum).`);
  let metadataJson: unknown;
  try {
    metadataJson = JSON.parse(body.metadata);
  } catch {
    metadataJson = undefined;
  }
  if (!metadataSchema.safeParse(metadataJson).success) throw new LnurlPayError(`${who} sent invalid payment metadata.`);
  const callback = checkUrl(body.callback, who, options);
  return {
    address: who,
    callback: callback.href,
    minSendableMsats: BigInt(body.minSendable),
    maxSendableMsats: BigInt(body.maxSendable),
    metadata: body.metadata,
    metadataHash: createHash('sha256').update(body.metadata, 'utf8').digest('hex'),
  };
}

/**
 * LUD-06 step 2: asks the callback for an invoice of exactly `amountMsats`, then validates it: one invoice, for
 * exactly that amount, committing to sha256(metadata), on our network, not expired (or about to).
 */
export async function requestInvoice(
  payRequest: PayRequest,
  amountMsats: bigint,
  options: FetchOptions & { network: LightningNetwork; now?: Date },
): Promise<ValidatedInvoice> {
  const who = payRequest.address;
  if (amountMsats < payRequest.minSendableMsats || amountMsats > payRequest.maxSendableMsats) {
    throw new LnurlPayError(`${who} accepts ${describeMsats(payRequest.minSendableMsats)} to ${describeMsats(payRequest.maxSendableMsats)}, not ${describeMsats(amountMsats)}.`);
  }
  const base = checkUrl(payRequest.callback, who, options).href.replace(/#.*$/, '');
  const url = new URL(`${base}${base.includes('?') ? '&' : '?'}amount=${amountMsats.toString()}`);
  const reply = await getJson(url, who, options);
  const refused = errorReplySchema.safeParse(reply);
  if (refused.success) throw new LnurlPayError(`${who} refused to create an invoice${refused.data.reason ? `: ${refused.data.reason}` : '.'}`);
  const result = invoiceReplySchema.safeParse(reply);
  if (!result.success) throw new LnurlPayError(`${who} did not send an invoice.`);
  return validateInvoice(result.data.pr, payRequest, amountMsats, options);
}

/** The checks on an invoice from a Lightning Address, exported for unit tests. */
export function validateInvoice(
  pr: string,
  payRequest: Pick<PayRequest, 'address' | 'metadataHash'>,
  amountMsats: bigint,
  rules: { network: LightningNetwork; now?: Date },
): ValidatedInvoice {
  const who = payRequest.address;
  const text = pr.trim();
  if (!/^[a-z0-9]+$/i.test(text)) throw new LnurlPayError(`${who} sent something that is not a single invoice.`);
  let invoice: DecodedInvoice;
  try {
    invoice = decodeInvoice(text);
  } catch (error) {
    if (error instanceof InvoiceError) throw new LnurlPayError(`${who} sent an invalid invoice: ${error.message}`);
    throw error;
  }
  if (invoice.network !== rules.network) {
    throw new LnurlPayError(`${who} sent an invoice for ${invoice.network} (${NETWORK_PREFIX[invoice.network]}) but we pay on ${rules.network}.`);
  }
  if (invoice.amountMsats === null) throw new LnurlPayError(`${who} sent an invoice without an amount.`);
  if (invoice.amountMsats !== amountMsats) {
    throw new LnurlPayError(`${who} sent an invoice for ${describeMsats(invoice.amountMsats)}, not the ${describeMsats(amountMsats)} we asked for.`);
  }
  if (invoice.descriptionHash !== payRequest.metadataHash) {
    throw new LnurlPayError(`${who} sent an invoice whose description hash does not match its metadata.`);
  }
  const now = Math.floor((rules.now ?? new Date()).getTime() / 1000);
  if (invoice.timestamp > now + MAX_CLOCK_SKEW_SECONDS) throw new LnurlPayError(`${who} sent an invoice dated in the future.`);
  if (invoice.expiresAt - now < MIN_SECONDS_LEFT) throw new LnurlPayError(`${who} sent an invoice that has expired or is about to.`);
  return { bolt11: invoice.bolt11, paymentHash: invoice.paymentHash, payeePubkey: invoice.payeePubkey, expiresAt: invoice.expiresAt, amountMsats: invoice.amountMsats };
}
