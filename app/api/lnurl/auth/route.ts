import { acceptWalletSignature } from '@/lib/auth/wallet-login';
import { getClientIp } from '@/lib/http/client-ip';
import { logError } from '@/lib/log';
import { lnurlError, lnurlOk } from '@/lib/lnurl/respond';
import { tryClientLimit } from '@/lib/rate-limit/client-limits';

export const dynamic = 'force-dynamic';

/** LUD-04 callback: the wallet sends tag, k1, sig and key. */
export async function GET(request: Request): Promise<Response> {
  try {
    // Unknown or untrusted addresses share one bucket: the limit is never skipped.
    const ip = getClientIp(request.headers);
    if (!(await tryClientLimit('lnurlAuth', ip))) {
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
