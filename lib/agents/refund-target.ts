import 'server-only';
// Where an agent's refund goes: its Lightning Address (LUD-16) or an LNURL-pay link (LUD-06, bech32 `lnurl1…` or
// LUD-17 `lnurlp://`). Both end in the same PayRequest through pay-client, held to its rules: the agent is
// untrusted, so https to public hosts only (no IPs, no localhost, no redirects), bounded size and time.
import { isDemoMode } from '@/lib/demo/accounts';
import { getEnv } from '@/lib/env';
import type { AgentRefundKind } from '@/lib/generated/prisma/enums';
import { DEMO_PAY_PATH } from '@/lib/wallet-sim/lnurl-pay';
import { decodeLnurl, LnurlError } from '@/lib/lnurl/codec';
import {
  fetchPayRequest,
  fetchPayRequestAt,
  LnurlPayError,
  parseLightningAddress,
  type FetchOptions,
  type PayRequest,
} from '@/lib/lnurl/pay-client';

/** Test hooks (a local LNURL-pay server on 127.0.0.1 over http); production passes nothing. */
export type RefundTargetOptions = Pick<FetchOptions, 'fetchImpl' | 'timeoutMs' | 'allowHttp' | 'allowInsecureHosts'>;

/**
 * The URL behind an LNURL-pay target, checked like a callback URL. Throws LnurlPayError (safe to show) when the
 * target is not one we would contact; the agent API can call it at purchase time to refuse a bad target early.
 */
export function parseLnurlPayTarget(target: string, options: RefundTargetOptions = {}): URL {
  let url: URL;
  try {
    url = new URL(decodeLnurl(target));
  } catch (error) {
    if (error instanceof LnurlError) throw new LnurlPayError('The refund target is not a valid LNURL-pay link.', { cause: error });
    throw error;
  }
  if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) throw new LnurlPayError('The refund LNURL must point to an https URL.');
  // pay-client's host rules are only exported through the address parser: a host it refuses, we refuse too.
  try {
    parseLightningAddress(`refund@${url.host}`, options);
  } catch {
    throw new LnurlPayError(`The refund LNURL points to "${url.host}", which is not a public domain name.`);
  }
  if (url.username || url.password) throw new LnurlPayError('The refund LNURL must not carry credentials.');
  return url;
}

/**
 * The options to reach a target with. In demo mode the wallet simulator's own LNURL-pay link on this app
 * (lib/wallet-sim/lnurl-pay.ts, plain http on 127.0.0.1) is allowed, and nothing else is: the exception is that
 * one URL, so it opens no way to make the server call other local addresses.
 */
export function refundTargetOptions(kind: AgentRefundKind, target: string, options: RefundTargetOptions = {}): RefundTargetOptions {
  if (kind !== 'LNURL_PAY' || !isDemoMode()) return options;
  try {
    return decodeLnurl(target) === `${getEnv().publicUrl}${DEMO_PAY_PATH}` ? { ...options, allowHttp: true, allowInsecureHosts: true } : options;
  } catch {
    return options;
  }
}

/** Checks a refund target without contacting it, so a typo is refused before the agent pays. */
export function checkRefundTarget(kind: AgentRefundKind, target: string, given: RefundTargetOptions = {}): void {
  const options = refundTargetOptions(kind, target, given);
  if (kind === 'LIGHTNING_ADDRESS') parseLightningAddress(target, options);
  else parseLnurlPayTarget(target, options);
}

/** Resolves the target to its payRequest (one GET). Every failure is a LnurlPayError. */
export async function fetchRefundPayRequest(kind: AgentRefundKind, target: string, given: RefundTargetOptions = {}): Promise<PayRequest> {
  const options = refundTargetOptions(kind, target, given);
  if (kind === 'LIGHTNING_ADDRESS') return fetchPayRequest(parseLightningAddress(target, options), options);
  const url = parseLnurlPayTarget(target, options);
  return fetchPayRequestAt(url, url.host, options);
}
