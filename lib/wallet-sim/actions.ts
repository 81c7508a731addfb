'use server';
import { z } from 'zod';
import { demoWalletOrigin, isDemoMode } from '@/lib/demo/accounts';
import { getDemoPhoneWallet } from './demo-phone';
import { DEMO_WALLET_SEED } from './demo-wallet';
import { loginWithLnurl } from './lnurl-auth';
import { waitForPayment, withdrawWithLnurl } from './lnurl-withdraw';

const inputSchema = z.object({ lnurl: z.string().trim().min(10, 'Paste an LNURL.').max(2000), action: z.enum(['login', 'withdraw']) });

export type WalletSimResult = { ok: boolean; message: string };

/**
 * The dev page's wallet: scans a pasted LNURL and acts on it over real HTTP, like a phone wallet.
 * Demo mode only, and only towards this deployment's own origin (no requests to arbitrary hosts).
 */
export async function runWalletSimAction(_prev: WalletSimResult | null, formData: FormData): Promise<WalletSimResult> {
  if (!isDemoMode()) return { ok: false, message: 'The wallet simulator is only available in demo mode.' };
  const parsed = inputSchema.safeParse({ lnurl: formData.get('lnurl'), action: formData.get('action') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Paste an LNURL.' };
  const allowedOrigins = [demoWalletOrigin()];
  if (parsed.data.action === 'login') {
    const result = await loginWithLnurl({ lnurl: parsed.data.lnurl, seedHex: DEMO_WALLET_SEED, allowedOrigins });
    return result.ok ? { ok: true, message: `Signed the login with key ${result.key}.` } : { ok: false, message: result.reason };
  }
  const wallet = getDemoPhoneWallet();
  const result = await withdrawWithLnurl({ lnurl: parsed.data.lnurl, wallet, allowedOrigins });
  if (!result.ok) return { ok: false, message: result.reason };
  const state = await waitForPayment(wallet, result.paymentHash, { timeoutMs: 15_000 });
  const sats = (result.amountMsats / 1000n).toString();
  return state.status === 'PAID'
    ? { ok: true, message: `Received ${sats} sats (payment hash ${result.paymentHash}).` }
    : { ok: true, message: `Invoice for ${sats} sats accepted; payment is ${state.status.toLowerCase()}.` };
}
