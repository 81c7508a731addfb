import 'server-only';
// Demo mode: the wallet simulator also receives, at an LNURL-pay link (LUD-06) served by the app itself, so an
// agent trying the L402 API locally can name it as its refund destination and see the refund arrive. The invoices
// are the wallet simulator's node's, committing to sha256(metadata) as LUD-06 requires.
import { createHash } from 'node:crypto';
import { isDemoMode } from '@/lib/demo/accounts';
import { getEnv } from '@/lib/env';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { DEMO_WALLET_SEED } from './demo-wallet';
import { createWalletNode } from './sim-wallet';

export const DEMO_PAY_PATH = '/api/demo/lnurlp';
const METADATA = JSON.stringify([['text/plain', 'Boltwork demo wallet (the wallet simulator)']]);
const MIN_SENDABLE_MSATS = 1_000;
const MAX_SENDABLE_MSATS = 100_000_000_000;
const INVOICE_SECONDS = 600;

const notFound = () => Response.json({ status: 'ERROR', reason: 'Only available in demo mode.' }, { status: 404 });

/** The demo wallet's LNURL-pay link (bech32), to paste as `refundTo.lnurl`. */
export function demoWalletPayLink(): string {
  return encodeLnurl(`${getEnv().publicUrl}${DEMO_PAY_PATH}`);
}

export function answerDemoPayRequest(): Response {
  if (!isDemoMode()) return notFound();
  return Response.json({
    tag: 'payRequest',
    callback: `${getEnv().publicUrl}${DEMO_PAY_PATH}/callback`,
    minSendable: MIN_SENDABLE_MSATS,
    maxSendable: MAX_SENDABLE_MSATS,
    metadata: METADATA,
  });
}

export async function answerDemoPayCallback(request: Request): Promise<Response> {
  if (!isDemoMode()) return notFound();
  const amount = new URL(request.url).searchParams.get('amount') ?? '';
  if (!/^[1-9][0-9]{3,14}$/.test(amount) || Number(amount) < MIN_SENDABLE_MSATS || Number(amount) > MAX_SENDABLE_MSATS) {
    return Response.json({ status: 'ERROR', reason: `amount must be msats between ${MIN_SENDABLE_MSATS} and ${MAX_SENDABLE_MSATS}` });
  }
  const invoice = await createWalletNode(DEMO_WALLET_SEED).createInvoice({
    amountMsats: BigInt(amount),
    description: 'Boltwork demo wallet',
    descriptionHash: createHash('sha256').update(METADATA, 'utf8').digest('hex'),
    expirySeconds: INVOICE_SECONDS,
  });
  return Response.json({ pr: invoice.bolt11, routes: [] });
}
