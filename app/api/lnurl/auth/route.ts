import { acceptWalletSignature } from '@/lib/auth/wallet-login';
import { logError } from '@/lib/log';
import { lnurlError, lnurlOk } from '@/lib/lnurl/respond';
import { consumeRateLimit } from '@/lib/rate-limit/consume';

export const dynamic = 'force-dynamic';

/** LUD-04 callback: the wallet sends tag, k1, sig and key. */
export async function GET(request: Request): Promise<Response> {
  try {
    const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
    if (ip && !(await consumeRateLimit(`lnurl-auth:ip:${ip}`, { limit: 60, windowSeconds: 60 })).allowed) {
      return lnurlError('Too many requests. Try again in a minute.');
    }
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const result = await acceptWalletSignature(query, { ip, userAgent: request.headers.get('user-agent') });
    return result.ok ? lnurlOk() : lnurlError(result.reason);
  } catch (error) {
    logError('lnurl-auth callback failed', error);
    return lnurlError('Something went wrong. Please try again.');
  }
}
