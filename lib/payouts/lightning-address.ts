import 'server-only';
// Automatic payouts to a worker's Lightning Address (LUD-16). After approvals, the `payout.lightning-address` job
// sends the worker's available balance to their address once it is large enough for the fee to be worth it.
//   1. read the balance, compute a whole-sat amount that fits with its fee limit (maxWithdrawable);
//   2. OUTSIDE any DB transaction: resolve the address and fetch + validate an invoice for exactly that amount;
//   3. in ONE transaction under the worker's advisory lock: re-check pause, address and balance, create the
//      Withdrawal (SENDING, unique payment hash), reserve amount + fee limit, enqueue `payout.send`.
// If anything changed in between, nothing moves: the next approval triggers another attempt.
import { randomUUID } from 'node:crypto';
import { db, getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { getLightningBackend } from '@/lib/lightning';
import type { LightningBackend } from '@/lib/lightning/backend';
import { fetchPayRequest, LnurlPayError, parseLightningAddress, requestInvoice, type FetchOptions } from '@/lib/lnurl/pay-client';
import { remainingDailyPayoutMsats } from './limits';
import { feeLimitFor, maxWithdrawable, PAYOUT_FALLBACK_DELAY_SECONDS } from './policy';
import { sendPayout } from './send';
import { arePayoutsPaused } from './switch';

/** Below this nothing is sent automatically: small rewards accumulate until a payout is worth its fee. */
export const MIN_AUTO_PAYOUT_MSATS = 100_000n;
const FEE_FLOOR_MULTIPLE = 50n;

/** max(100 sats, 50 × the fee-limit floor): a payout at the threshold risks at most 2 % in fees. */
export function autoPayoutThresholdMsats(): bigint {
  const byFee = FEE_FLOOR_MULTIPLE * feeLimitFor(0n);
  return byFee > MIN_AUTO_PAYOUT_MSATS ? byFee : MIN_AUTO_PAYOUT_MSATS;
}

/** Test hooks (a local LNURL server on 127.0.0.1 over http); production passes nothing. */
export type LightningAddressOptions = Pick<FetchOptions, 'fetchImpl' | 'timeoutMs' | 'allowHttp' | 'allowInsecureHosts'>;

/**
 * Saves (or with null clears) the worker's Lightning Address. The address must parse and resolve to an LNURL-pay
 * request before it is stored, so a typo is caught now rather than at payout time.
 */
export async function saveLightningAddress(workerId: string, address: string | null, options: LightningAddressOptions = {}, tx: Tx | typeof db = db): Promise<string | null> {
  let stored: string | null = null;
  if (address !== null && address.trim() !== '') {
    try {
      const parsed = parseLightningAddress(address, options);
      await fetchPayRequest(parsed, options);
      stored = parsed.address;
    } catch (error) {
      if (error instanceof LnurlPayError) throw new AppError('INVALID_INPUT', error.message, { cause: error });
      throw error;
    }
  }
  const { count } = await tx.workerProfile.updateMany({ where: { id: workerId }, data: { lightningAddress: stored } });
  if (count !== 1) throw new AppError('NOT_FOUND', 'Worker not found.');
  return stored;
}

/** The signed-in worker's Lightning Address and the auto-payout threshold, for the settings page. */
export async function getMyLightningAddressSettings(): Promise<{ lightningAddress: string | null; thresholdMsats: bigint }> {
  // Imported lazily: the auth module pulls in next/navigation, which the job worker and tests do not need.
  const { requireRole } = await import('@/lib/auth/viewer');
  const viewer = await requireRole('WORKER');
  if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
  const worker = await db.workerProfile.findUniqueOrThrow({ where: { id: viewer.worker.id }, select: { lightningAddress: true } });
  return { lightningAddress: worker.lightningAddress, thresholdMsats: autoPayoutThresholdMsats() };
}

export type AutoPayoutResult =
  | { status: 'QUEUED'; withdrawalId: string; amountMsats: bigint }
  | { status: 'PAUSED' | 'NO_ADDRESS' | 'INACTIVE' | 'BELOW_THRESHOLD' | 'CHANGED' }
  | { status: 'REFUSED'; reason: string };

/** The one lock for "this worker's balance is being reserved"; links.ts takes the same key for withdraw links. */
const lockWorker = (t: Tx, workerId: string) => t.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`withdraw-link:${workerId}`}, 0))`;

/**
 * The `payout.lightning-address` job. Idempotent and safe to run concurrently: the transaction re-checks the
 * balance under the lock, so of several concurrent runs at most one reserves the money.
 */
export async function payoutToLightningAddress(
  workerId: string,
  options: LightningAddressOptions & { backend?: LightningBackend } = {},
): Promise<AutoPayoutResult> {
  await releaseFailedReservations(workerId);
  if (await arePayoutsPaused()) return { status: 'PAUSED' };
  const worker = await db.workerProfile.findUnique({ where: { id: workerId }, select: { status: true, lightningAddress: true } });
  if (!worker?.lightningAddress) return { status: 'NO_ADDRESS' };
  if (worker.status !== 'ACTIVE') return { status: 'INACTIVE' };
  const address = worker.lightningAddress;

  const availableBefore = await readAvailable(db, workerId);
  if (availableBefore < autoPayoutThresholdMsats()) return { status: 'BELOW_THRESHOLD' };
  let amountMsats = maxWithdrawable(availableBefore);
  const capRoom = await remainingDailyPayoutMsats(db, workerId);
  if (capRoom < amountMsats) amountMsats = capRoom;
  if (amountMsats === 0n) return { status: 'BELOW_THRESHOLD' };

  // Network round trips, before (never inside) the transaction.
  const backend = options.backend ?? getLightningBackend();
  let invoice;
  try {
    const payRequest = await fetchPayRequest(parseLightningAddress(address, options), options);
    // Send what the address accepts at most (whole sats); the rest waits for the next payout.
    if (amountMsats > payRequest.maxSendableMsats) amountMsats = (payRequest.maxSendableMsats / 1000n) * 1000n;
    if (amountMsats < payRequest.minSendableMsats || amountMsats <= 0n) return { status: 'BELOW_THRESHOLD' };
    const { network } = await backend.getInfo();
    invoice = await requestInvoice(payRequest, amountMsats, { ...options, network });
  } catch (error) {
    if (error instanceof LnurlPayError) return { status: 'REFUSED', reason: error.message };
    throw error;
  }
  const feeLimitMsats = feeLimitFor(amountMsats);
  const withdrawalId = randomUUID();

  try {
    return await db.$transaction(async (t): Promise<AutoPayoutResult> => {
      await lockWorker(t, workerId);
      if (await arePayoutsPaused(t)) return { status: 'PAUSED' };
      const current = await t.workerProfile.findUnique({ where: { id: workerId }, select: { status: true, lightningAddress: true } });
      if (current?.status !== 'ACTIVE' || current.lightningAddress !== address) return { status: 'CHANGED' };
      // Approvals only add to the balance, but another payout or a withdraw link may have reserved it meanwhile.
      if ((await readAvailable(t, workerId)) < amountMsats + feeLimitMsats) return { status: 'CHANGED' };
      await t.withdrawal.create({
        data: {
          id: withdrawalId,
          workerId,
          kind: 'LIGHTNING_ADDRESS',
          destination: address,
          bolt11: invoice.bolt11,
          paymentHash: invoice.paymentHash,
          amountMsats,
          feeLimitMsats,
          status: 'SENDING',
        },
      });
      const available = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId });
      const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId });
      await postTransfer(t, {
        debitAccountId: available.id,
        creditAccountId: reserved.id,
        amountMsats: amountMsats + feeLimitMsats,
        idempotencyKey: `withdrawal:${withdrawalId}:reserve`,
        reason: 'WITHDRAWAL_RESERVE',
        withdrawalId,
      });
      await enqueueJob('payout.send', { withdrawalId }, { tx: t, singletonKey: withdrawalId, startAfterSeconds: PAYOUT_FALLBACK_DELAY_SECONDS });
      return { status: 'QUEUED', withdrawalId, amountMsats };
    });
  } catch (error) {
    if (getSqlState(error) === '23505' || (error as { code?: string }).code === 'P2002') {
      return { status: 'REFUSED', reason: `${address} sent an invoice that was already used for a payout.` };
    }
    if (error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS') return { status: 'CHANGED' };
    throw error;
  }
}

/**
 * The `payout.lightning-address` job: reserves and queues as above, then pays at once in this process. The queued
 * `payout.send`, due later, pays only if this process dies first (and otherwise finds the payout settled).
 */
export async function payLightningAddressNow(workerId: string): Promise<Record<string, string>> {
  const result = await payoutToLightningAddress(workerId);
  if (result.status !== 'QUEUED') return result;
  // A job's output is stored as JSON: amounts as decimal strings.
  return { status: result.status, withdrawalId: result.withdrawalId, amountMsats: String(result.amountMsats), payout: await sendPayout(result.withdrawalId) };
}

async function readAvailable(client: Tx | typeof db, workerId: string): Promise<bigint> {
  const account = await getOrCreateAccount(client, { kind: 'WORKER_AVAILABLE', workerId });
  return (await client.ledgerAccount.findUniqueOrThrow({ where: { id: account.id }, select: { balanceMsats: true } })).balanceMsats;
}

/**
 * send.ts refunds a link-less payout's reservation when it is PAID but not when it FAILED (a link keeps its
 * reservation on failure; a Lightning Address payout has no link). This gives back whatever a FAILED Lightning
 * Address payout still holds in WORKER_RESERVED, computed from its own transfers, so it can never refund twice,
 * even if send.ts later learns to refund these itself.
 */
export async function releaseFailedReservations(workerId: string): Promise<number> {
  const failed = await db.withdrawal.findMany({
    where: { workerId, kind: 'LIGHTNING_ADDRESS', status: 'FAILED', transfers: { none: { idempotencyKey: { endsWith: ':failed-release' } } } },
    select: { id: true },
    take: 50,
  });
  let released = 0;
  for (const { id } of failed) {
    await db.$transaction(async (t) => {
      await lockWorker(t, workerId);
      const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId });
      const transfers = await t.ledgerTransfer.findMany({ where: { withdrawalId: id }, select: { debitAccountId: true, creditAccountId: true, amountMsats: true } });
      const held = transfers.reduce(
        (sum, x) => sum + (x.creditAccountId === reserved.id ? x.amountMsats : 0n) - (x.debitAccountId === reserved.id ? x.amountMsats : 0n),
        0n,
      );
      if (held <= 0n) return;
      const available = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId });
      const { created } = await postTransfer(t, {
        debitAccountId: reserved.id,
        creditAccountId: available.id,
        amountMsats: held,
        idempotencyKey: `withdrawal:${id}:failed-release`,
        reason: 'WITHDRAWAL_REFUND',
        withdrawalId: id,
      });
      if (created) released++;
    });
  }
  return released;
}
