import 'server-only';
// LUD-03 step 3, the wallet's callback with its invoice: check everything, claim the link, answer OK, then pay.
// The wallet gets its answer before any payment starts (LUD-03: wallets that wait on the payment time out and retry
// with a new invoice); the payment starts the moment the answer is sent, in the same process. The `payout.send` job
// queued in the claiming transaction is the fallback if this process dies before it takes the send lease, and the
// reconciler settles whatever is left in flight (a process killed mid-payment, a node that hangs).
import { z } from 'zod';
import { db, getSqlState } from '@/lib/db';
import { createUuidV7 } from '@/lib/assignment/ids';
import { getClientIp } from '@/lib/http/client-ip';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { getLightningBackend } from '@/lib/lightning';
import { checkPayoutInvoice } from '@/lib/lightning/invoice';
import { lnurlError, lnurlOk } from '@/lib/lnurl/respond';
import { logError } from '@/lib/log';
import { tryClientLimit } from '@/lib/rate-limit/client-limits';
import { hashK1, K1 } from './links';
import { feeLimitFor, PAYOUT_FALLBACK_DELAY_SECONDS } from './policy';
import { sendPayout } from './send';
import { utcNow } from './sql';
import { PAYOUTS_PAUSED_MESSAGE, payoutsPausedSql } from './switch';

/** Runs a task once the response has been sent (Next's `after` in the app; a test or bench server brings its own). */
export type AfterResponse = (task: () => Promise<void>) => void;

const IN_PROGRESS = 'A payment for this link is already in progress.';

/** Another callback claimed the link between our read and our claim. */
class ClaimLost extends Error {}

type ClaimableLink = { id: string; status: string; minMsats: bigint; maxMsats: bigint; expiresAt: Date; paused: boolean };

/**
 * Checks the wallet's invoice before anything moves, then in one transaction claims the link (`OPEN -> CLAIMED`: of
 * any number of concurrent callbacks exactly one wins), writes the payout (SENDING, with the invoice's unique payment
 * hash: an invoice is never paid twice) and queues the fallback `payout.send`, due PAYOUT_FALLBACK_DELAY_SECONDS later.
 */
export async function acceptWithdrawCallback(k1: string, pr: string): Promise<{ ok: true; withdrawalId: string } | { ok: false; reason: string }> {
  if (!K1.test(k1)) return { ok: false, reason: 'Malformed k1.' };
  const [link] = await db.$queryRaw<ClaimableLink[]>`
    SELECT id::text, status::text, "minMsats", "maxMsats", "expiresAt", ${payoutsPausedSql} AS paused
      FROM "WithdrawLink" WHERE "k1Hash" = ${hashK1(k1)}`;
  if (!link) return { ok: false, reason: 'Unknown withdraw link.' };
  if (link.status !== 'OPEN') return { ok: false, reason: link.status === 'CLAIMED' ? IN_PROGRESS : 'This withdraw link was already used.' };
  if (link.expiresAt <= new Date()) return { ok: false, reason: 'This withdraw link has expired.' };
  if (link.paused) return { ok: false, reason: PAYOUTS_PAUSED_MESSAGE };
  const { network } = await getLightningBackend().getInfo();
  const checked = checkPayoutInvoice(pr, { network, minMsats: link.minMsats, maxMsats: link.maxMsats });
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const { paymentHash, amountMsats } = checked.invoice;

  const withdrawalId = createUuidV7();
  try {
    await db.$transaction(async (t) => {
      const claimed = await t.$executeRaw`
        WITH claimed AS (
          UPDATE "WithdrawLink" SET status = 'CLAIMED', "claimedAt" = ${utcNow}
          WHERE id = ${link.id}::uuid AND status = 'OPEN' AND "expiresAt" > ${utcNow}
          RETURNING id, "workerId"
        )
        INSERT INTO "Withdrawal" (id, "workerId", "linkId", kind, bolt11, "paymentHash", "amountMsats", "feeLimitMsats", status, "createdAt", "updatedAt")
        SELECT ${withdrawalId}::uuid, "workerId", id, 'LNURL_WITHDRAW'::"WithdrawalKind", ${pr.trim().toLowerCase()}, ${paymentHash},
               ${amountMsats}, ${feeLimitFor(amountMsats)}, 'SENDING'::"WithdrawalStatus", ${utcNow}, ${utcNow}
          FROM claimed`;
      if (claimed !== 1) throw new ClaimLost();
      await enqueueJob('payout.send', { withdrawalId }, { tx: t, singletonKey: withdrawalId, startAfterSeconds: PAYOUT_FALLBACK_DELAY_SECONDS });
    });
    return { ok: true, withdrawalId };
  } catch (error) {
    if (error instanceof ClaimLost) return { ok: false, reason: IN_PROGRESS };
    if (isUniqueViolation(error)) return { ok: false, reason: 'This invoice was already used for a payout.' };
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (getSqlState(error) === '23505') return true;
  // A raw statement's error carries the SQLSTATE in Prisma's meta (P2010) rather than in the driver's cause.
  const { code, meta } = error as { code?: string; meta?: { code?: string } };
  return code === 'P2002' || meta?.code === '23505';
}

const callbackSchema = z.object({
  k1: z.string({ error: 'k1 is missing.' }).regex(/^[0-9a-fA-F]{64}$/, 'k1 must be 32 bytes of hex').toLowerCase(),
  pr: z.string({ error: 'pr is missing: send a bolt11 invoice.' }).min(20, 'pr must be a bolt11 invoice').max(2048, 'The invoice is too long.'),
});

/**
 * The callback route: rate limit, parse, claim, answer `{"status":"OK"}` and pay once the answer is sent. A payment
 * that throws is logged and left to the fallback job and the reconciler; the wallet already has its answer.
 */
export async function answerWithdrawCallback(request: Request, afterResponse: AfterResponse): Promise<Response> {
  try {
    // Unknown or untrusted addresses share one bucket: the limit is never skipped.
    const ip = getClientIp(request.headers);
    if (!(await tryClientLimit('lnurlWithdraw', ip))) {
      return lnurlError('Too many requests. Try again in a minute.');
    }
    const parsed = callbackSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return lnurlError(parsed.error.issues[0]?.message ?? 'Malformed request.');
    const result = await acceptWithdrawCallback(parsed.data.k1, parsed.data.pr);
    if (!result.ok) return lnurlError(result.reason);
    const { withdrawalId } = result;
    try {
      afterResponse(async () => {
        try {
          await sendPayout(withdrawalId);
        } catch (error) {
          logError('inline payout failed; the payout.send job and the reconciler take over', error, { withdrawalId });
        }
      });
    } catch (error) {
      // The claim is committed: the wallet must hear OK, and the queued job pays.
      logError('inline payout not scheduled; the payout.send job pays it', error, { withdrawalId });
    }
    return lnurlOk();
  } catch (error) {
    logError('lnurl-withdraw callback failed', error);
    return lnurlError('Something went wrong. Please try again.');
  }
}
