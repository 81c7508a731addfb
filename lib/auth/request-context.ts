import 'server-only';
import { cookies, headers } from 'next/headers';
import { getEnv } from '@/lib/env';
import { getClientIp } from '@/lib/http/client-ip';
import type { SessionMeta } from './sessions';

const secure = () => getEnv().publicUrl.startsWith('https://');

// __Host- pins the cookie to our origin over https; plain http (local demo) cannot use the prefix.
export const sessionCookieName = () => (secure() ? '__Host-bw_session' : 'bw_session');
export const walletLoginCookieName = () => (secure() ? '__Host-bw_wallet_login' : 'bw_wallet_login');

export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(name)?.value;
}

export async function writeCookie(name: string, value: string, expires: Date): Promise<void> {
  (await cookies()).set(name, value, { httpOnly: true, sameSite: 'lax', secure: secure(), path: '/', expires });
}

export async function clearCookie(name: string): Promise<void> {
  (await cookies()).set(name, '', { httpOnly: true, sameSite: 'lax', secure: secure(), path: '/', maxAge: 0 });
}

/** Client address (null when it cannot be trusted; see lib/http/client-ip.ts) and user agent of this request. */
export async function getRequestMeta(): Promise<SessionMeta> {
  const h = await headers();
  return { ip: getClientIp(h), userAgent: h.get('user-agent') };
}
