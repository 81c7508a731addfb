import { getEnv } from '@/lib/env';
import { getClientIp } from '@/lib/http/client-ip';
import { msatsToJsonNumber } from '@/lib/ledger/money';
import { lnurlError } from '@/lib/lnurl/respond';
import { logError } from '@/lib/log';
import { getWithdrawRequest } from '@/lib/payouts/links';
import { tryClientLimit } from '@/lib/rate-limit/client-limits';

export const dynamic = 'force-dynamic';

/** LUD-03 step 1: the wallet reads what it may withdraw. Reading never consumes the link. */
export async function GET(request: Request): Promise<Response> {
  try {
    // Unknown or untrusted addresses share one bucket: the limit is never skipped.
    const ip = getClientIp(request.headers);
    if (!(await tryClientLimit('lnurlWithdraw', ip))) {
      return lnurlError('Too many requests. Try again in a minute.');
    }
    const k1 = new URL(request.url).searchParams.get('k1') ?? '';
    const link = await getWithdrawRequest(k1);
    if ('error' in link) return lnurlError(link.error);
    const body = {
      tag: 'withdrawRequest',
      callback: `${getEnv().publicUrl}/api/lnurl/withdraw/callback`,
      k1: link.k1,
      defaultDescription: 'Boltwork earnings',
      minWithdrawable: msatsToJsonNumber(link.minMsats),
      maxWithdrawable: msatsToJsonNumber(link.maxMsats),
    };
    return new Response(JSON.stringify(body), {
      headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
    });
  } catch (error) {
    logError('lnurl-withdraw request failed', error);
    return lnurlError('Something went wrong. Please try again.');
  }
}
