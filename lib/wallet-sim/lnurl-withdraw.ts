import 'server-only';
// A phone wallet's side of LNURL-withdraw (LUD-03), over real HTTP: read the link, make an invoice on the wallet's
// own (simulated) node, hand it to the service's callback. Used by tests and the demo; with `allowedOrigins`, a
// user-supplied LNURL cannot make the server call arbitrary hosts.
import { z } from 'zod';
import type { InvoiceState, LightningBackend } from '@/lib/lightning/backend';
import { isAllowedLnurlUrl } from '@/lib/lnurl/codec';
import { fetchJson, isOriginAllowed, resolveScannedUrl, type FetchLike } from './http';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INVOICE_EXPIRY_SECONDS = 600;
// bolt11 descriptions hold 639 bytes; 150 characters fit even if each takes four bytes in UTF-8.
const MAX_DESCRIPTION_CHARS = 150;

// LNURL carries msats as JSON numbers: beyond 2^53 they are no longer exact, so refuse them (style M2).
const msatsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const withdrawRequestSchema = z.object({
  tag: z.literal('withdrawRequest'),
  callback: z.string().max(2000),
  k1: z.string().min(1).max(1000),
  minWithdrawable: msatsSchema,
  maxWithdrawable: msatsSchema,
  defaultDescription: z.string().max(10_000).catch(''),
});
const statusReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('OK') }),
  z.object({ status: z.literal('ERROR'), reason: z.string().max(1000).catch('no reason given') }),
]);

/** What the wallet needs of its node; a SimLightningBackend fits. */
export type WalletNode = Pick<LightningBackend, 'createInvoice' | 'getInvoice'>;

export type WithdrawWithLnurlOptions = {
  /** `LNURL1...` (optionally `lightning:`), `lnurlw://...`, or the https withdraw URL itself. */
  lnurl: string;
  wallet: WalletNode;
  fetchImpl?: FetchLike;
  /** When given, only these origins (e.g. "https://boltwork.example") are ever contacted, callback included. */
  allowedOrigins?: readonly string[];
  /** Default: the most the link allows. */
  amountMsats?: bigint;
  timeoutMs?: number;
  invoiceExpirySeconds?: number;
};

export type WithdrawWithLnurlResult =
  | { ok: true; paymentHash: string; amountMsats: bigint }
  | { ok: false; reason: string };

/** Withdraws like a phone wallet. `ok` means the service accepted the invoice; it pays afterwards (waitForPayment). */
export async function withdrawWithLnurl(options: WithdrawWithLnurlOptions): Promise<WithdrawWithLnurlResult> {
  const { wallet, fetchImpl = fetch, allowedOrigins, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const url = resolveScannedUrl(options.lnurl);
  if (!url) return { ok: false, reason: 'not a valid LNURL' };
  if (allowedOrigins && !isOriginAllowed(url, allowedOrigins)) {
    return { ok: false, reason: `refusing to contact ${url.origin}` };
  }
  url.hash = '';
  const first = await fetchJson(fetchImpl, url.href, timeoutMs);
  if (!first.ok) return first;
  const error = statusReplySchema.safeParse(first.body);
  if (error.success && error.data.status === 'ERROR') return { ok: false, reason: error.data.reason };
  const parsed = withdrawRequestSchema.safeParse(first.body);
  if (!parsed.success) return { ok: false, reason: 'the service sent an invalid withdraw request' };
  const request = parsed.data;
  const callback = URL.canParse(request.callback) ? new URL(request.callback) : null;
  if (!callback || !isAllowedLnurlUrl(callback)) return { ok: false, reason: 'the service sent an invalid callback' };
  if (allowedOrigins && !isOriginAllowed(callback, allowedOrigins)) {
    return { ok: false, reason: `refusing to contact ${callback.origin}` };
  }

  const min = BigInt(request.minWithdrawable);
  const max = BigInt(request.maxWithdrawable);
  if (max === 0n || min > max) return { ok: false, reason: 'there is nothing to withdraw' };
  const amountMsats = options.amountMsats ?? max;
  if (amountMsats < min || amountMsats > max) {
    return { ok: false, reason: `the amount must be between ${min} and ${max} msats` };
  }
  const invoice = await wallet.createInvoice({
    amountMsats,
    description: request.defaultDescription.slice(0, MAX_DESCRIPTION_CHARS),
    expirySeconds: options.invoiceExpirySeconds ?? DEFAULT_INVOICE_EXPIRY_SECONDS,
  });
  const reply = await fetchJson(fetchImpl, buildCallbackUrl(callback, request.k1, invoice.bolt11), timeoutMs);
  if (!reply.ok) return reply;
  const status = statusReplySchema.safeParse(reply.body);
  if (!status.success) return { ok: false, reason: 'the service sent an invalid reply' };
  if (status.data.status === 'ERROR') return { ok: false, reason: status.data.reason };
  return { ok: true, paymentHash: invoice.paymentHash, amountMsats };
}

/**
 * Polls the wallet's node until the invoice is paid (the service pays after answering OK) or can no longer be.
 * Returns the last state seen: PAID, EXPIRED/CANCELLED, or PENDING on timeout.
 */
export async function waitForPayment(
  wallet: WalletNode,
  paymentHash: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<InvoiceState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await wallet.getInvoice(paymentHash);
    if (state.status !== 'PENDING' || Date.now() >= deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

/** LUD-03: add k1 and pr to the callback as sent, with `&` when it already has a query. */
function buildCallbackUrl(callback: URL, k1: string, bolt11: string): string {
  callback.hash = '';
  const base = callback.href;
  const separator = base.endsWith('?') ? '' : callback.search ? '&' : '?';
  return `${base}${separator}k1=${encodeURIComponent(k1)}&pr=${encodeURIComponent(bolt11)}`;
}

