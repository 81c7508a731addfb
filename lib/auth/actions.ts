'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { enforceClientLimit } from '@/lib/rate-limit/client-limits';
import { assertDemoMode, DEMO_WALLET_SEED, demoWalletOrigin, signInAsDemoUser } from '@/lib/demo/accounts';
import { loginWithLnurl } from '@/lib/wallet-sim/lnurl-auth';
import { localeCookieName } from '@/lib/i18n/locales';
import {
  clearCookie,
  getRequestMeta,
  readCookie,
  sessionCookieName,
  walletLoginCookieName,
  writeCookie,
} from './request-context';
import { publicMessage } from './public-message';
import { deleteSessionByToken } from './sessions';
import { signInWithPassword, staffSignInSchema } from './staff-login';
import { homePathFor, safeReturnPath } from './viewer';
import { findClaimableWalletLogin, pollWalletLogin } from './wallet-login';
import { startWalletLogin, type WalletLoginStart } from './wallet-login-start';

export type FormState = { error?: string; fieldErrors?: Record<string, string[] | undefined>; email?: string };


export async function signInWithPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = staffSignInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  const email = typeof formData.get('email') === 'string' ? String(formData.get('email')).slice(0, 254) : '';
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  let destination: string;
  try {
    const session = await signInWithPassword(parsed.data, await getRequestMeta());
    await writeCookie(sessionCookieName(), session.token, session.expiresAt);
    destination = safeReturnPath(formData.get('next')) ?? homePathFor({ roles: session.roles as never });
  } catch (error) {
    return { error: publicMessage(error), email };
  }
  redirect(destination);
}

export type { WalletLoginStart } from './wallet-login-start';

/** "New code": a fresh challenge, bound to this browser by its cookie. */
export async function startWalletLoginAction(): Promise<WalletLoginStart> {
  try {
    const start = await startWalletLogin((await getRequestMeta()).ip ?? null);
    await writeCookie(walletLoginCookieName(), start.challengeId, new Date(start.expiresAt));
    return start;
  } catch (error) {
    return { error: publicMessage(error) };
  }
}

/**
 * Binds a challenge the sign-in page rendered to this browser (the page could not set the cookie while rendering).
 * Only the page's own HTML carries the challenge id; the QR shows k1, so someone who sees the code cannot claim it.
 */
export async function claimWalletLoginAction(challengeId: string): Promise<{ ok: boolean }> {
  const id = z.uuid().safeParse(challengeId);
  if (!id.success) return { ok: false };
  const challenge = await findClaimableWalletLogin(id.data);
  if (!challenge) return { ok: false };
  await writeCookie(walletLoginCookieName(), id.data, challenge.expiresAt);
  return { ok: true };
}

export type WalletLoginStatus = { status: 'pending' } | { status: 'expired' } | { status: 'signed-in'; redirectTo: string };

const nextSchema = z.string().max(500).optional();

export async function pollWalletLoginAction(next?: string): Promise<WalletLoginStatus> {
  const challengeId = await readCookie(walletLoginCookieName());
  if (!challengeId || !z.uuid().safeParse(challengeId).success) return { status: 'expired' };
  const result = await pollWalletLogin(challengeId, await getRequestMeta());
  if (result.status !== 'signed-in') return { status: result.status };
  await writeCookie(sessionCookieName(), result.token, result.expiresAt);
  await clearCookie(walletLoginCookieName());
  // The worker's language follows them to a new phone.
  if (result.locale) await writeCookie(localeCookieName, result.locale, new Date(Date.now() + 365 * 24 * 3600 * 1000));
  return { status: 'signed-in', redirectTo: safeReturnPath(nextSchema.catch(undefined).parse(next)) ?? '/tasks' };
}

/** Demo mode: the wallet simulator scans the page's LNURL and signs it over real HTTP, like a phone would. */
export async function signInWithDemoWalletAction(lnurl: string): Promise<{ ok: boolean; reason?: string }> {
  try {
    assertDemoMode();
    await enforceClientLimit('demoSignIn', (await getRequestMeta()).ip ?? null, 'Too many demo sign-ins. Wait a minute and try again.');
    const input = z.string().min(10).max(2000).parse(lnurl);
    const result = await loginWithLnurl({ lnurl: input, seedHex: DEMO_WALLET_SEED, allowedOrigins: [demoWalletOrigin()] });
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  } catch (error) {
    return { ok: false, reason: publicMessage(error) };
  }
}

const devRoleSchema = z.enum(['WORKER', 'REQUESTER', 'ADMIN']);
/** The query parameter the sign-in page reads to say that demo sign-in is rate-limited. */
const DEV_SIGN_IN_LIMITED = 'limited';

export async function devSignInAction(formData: FormData): Promise<void> {
  const role = devRoleSchema.parse(formData.get('role'));
  const meta = await getRequestMeta();
  try {
    await enforceClientLimit('demoSignIn', meta.ip ?? null, 'Too many demo sign-ins. Wait a minute and try again.');
  } catch (error) {
    // A plain form post has no state to show an error in: back to the sign-in page, which says why.
    if (isAppError(error) && error.code === 'RATE_LIMITED') redirect(`/login?${DEV_SIGN_IN_LIMITED}=1`);
    throw error;
  }
  const session = await signInAsDemoUser(role, meta);
  await writeCookie(sessionCookieName(), session.token, session.expiresAt);
  redirect(homePathFor({ roles: [role] }));
}

export async function signOutAction(): Promise<void> {
  const token = await readCookie(sessionCookieName());
  if (token) await deleteSessionByToken(token);
  await clearCookie(sessionCookieName());
  redirect('/');
}
