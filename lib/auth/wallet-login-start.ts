import 'server-only';
// A new LNURL-auth sign-in challenge with its QR code, made while the sign-in page renders (so the code is in the
// first HTML and paints at once) or by the "new code" action. Each is a database row, so it is rate-limited per
// client address. The page cannot set cookies while rendering: the browser binds the challenge to itself right
// after with claimWalletLoginAction, using the challenge id, which only this page's HTML carries (the QR holds k1).
import { AppError, isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { toQrDataUrl } from '@/lib/qr';
import { enforceClientLimit } from '@/lib/rate-limit/client-limits';
import { createWalletLoginChallenge } from './wallet-login';

export type WalletLoginStart = { challengeId: string; lnurl: string; qrDataUrl: string; expiresAt: string } | { error: string };

export async function startWalletLogin(ip: string | null): Promise<Extract<WalletLoginStart, { lnurl: string }>> {
  await enforceClientLimit('walletLoginStart', ip, 'Too many sign-in attempts. Wait a minute and try again.');
  const challenge = await createWalletLoginChallenge();
  // Uppercase with the scheme keeps the QR in alphanumeric mode: a smaller code that scans faster.
  const qrDataUrl = await toQrDataUrl(`LIGHTNING:${challenge.lnurl}`);
  return { challengeId: challenge.challengeId, lnurl: challenge.lnurl, qrDataUrl, expiresAt: challenge.expiresAt.toISOString() };
}

/** For the page: a failure is shown in place of the code (with "try again"), never an error page. */
export async function startWalletLoginForPage(ip: string | null): Promise<WalletLoginStart> {
  try {
    return await startWalletLogin(ip);
  } catch (error) {
    if (isAppError(error)) return { error: error.message };
    logError('sign-in challenge failed', error);
    return { error: new AppError('INVALID_STATE', 'Something went wrong. Please try again.').message };
  }
}
