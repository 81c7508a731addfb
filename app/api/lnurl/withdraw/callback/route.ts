import { z } from 'zod';
import { getClientIp } from '@/lib/http/client-ip';
import { lnurlError, lnurlOk } from '@/lib/lnurl/respond';
import { logError } from '@/lib/log';
import { acceptWithdrawCallback } from '@/lib/payouts/links';
import { tryClientLimit } from '@/lib/rate-limit/client-limits';

export const dynamic = 'force-dynamic';

const callbackSchema = z.object({
  k1: z.string({ error: 'k1 is missing.' }).regex(/^[0-9a-fA-F]{64}$/, 'k1 must be 32 bytes of hex').toLowerCase(),
  pr: z.string({ error: 'pr is missing: send a bolt11 invoice.' }).min(20, 'pr must be a bolt11 invoice').max(2048, 'The invoice is too long.'),
});

/** LUD-03 step 3: check the wallet's invoice, answer at once, and pay from a job. */
export async function GET(request: Request): Promise<Response> {
  try {
    // Unknown or untrusted addresses share one bucket: the limit is never skipped.
    const ip = getClientIp(request.headers);
    if (!(await tryClientLimit('lnurlWithdraw', ip))) {
      return lnurlError('Too many requests. Try again in a minute.');
    }
    const parsed = callbackSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return lnurlError(parsed.error.issues[0]?.message ?? 'Malformed request.');
    const result = await acceptWithdrawCallback(parsed.data.k1, parsed.data.pr);
    return result.ok ? lnurlOk() : lnurlError(result.reason);
  } catch (error) {
    logError('lnurl-withdraw callback failed', error);
    return lnurlError('Something went wrong. Please try again.');
  }
}
