import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db, getSqlState, type Tx } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { getLightningBackend } from '@/lib/lightning';
import { checkPayoutInvoice } from '@/lib/lightning/invoice';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { feeLimitFor, maxWithdrawable, MIN_WITHDRAWAL_MSATS, reserveFor, WITHDRAW_LINK_TTL_MS } from './policy';
import { remainingDailyPayoutMsats } from './limits';
import { assertPayoutsRunning } from './switch';

const hashK1 = (k1: string) => createHash('sha256').update(k1).digest('hex');

export type WithdrawLinkView = { linkId: string; lnurl: string; lnurlw: string; amountMsats: bigint; expiresAt: Date };

async function workerAccounts(t: Tx, workerId: string) {
  return {
    available: await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId }),
    reserved: await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId }),
  };
}

/** Returns an open link's reservation to the worker's balance and closes the link. */
async function releaseLink(t: Tx, link: { id: string; workerId: string; maxMsats: bigint }, status: 'CANCELLED' | 'EXPIRED') {
  const { count } = await t.withdrawLink.updateMany({ where: { id: link.id, status: 'OPEN' }, data: { status } });
  if (count !== 1) return;
  const { available, reserved } = await workerAccounts(t, link.workerId);
  await postTransfer(t, {
    debitAccountId: reserved.id,
    creditAccountId: available.id,
    amountMsats: reserveFor(link.maxMsats),
    idempotencyKey: `withdraw-link:${link.id}:release`,
    reason: 'WITHDRAWAL_REFUND',
  });
}

/**
 * Makes an LNURL-withdraw link for the worker's whole available balance. The amount (plus its fee limit)
 * moves to the worker's reserved account in the same transaction, so two links can never spend it twice.
 * A previous link that is still open is cancelled first; k1 is shown once and stored only as its hash.
 */
export async function createWithdrawLink(workerId: string): Promise<WithdrawLinkView> {
  await assertPayoutsRunning();
  const k1 = randomBytes(32).toString('hex');
  const link = await db.$transaction(async (t) => {
    await t.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`withdraw-link:${workerId}`}, 0))`;
    const worker = await t.workerProfile.findUnique({ where: { id: workerId }, select: { status: true } });
    if (worker?.status !== 'ACTIVE') throw new AppError('FORBIDDEN', 'Your account cannot withdraw right now.');
    for (const open of await t.withdrawLink.findMany({ where: { workerId, status: 'OPEN' }, select: { id: true, workerId: true, maxMsats: true } })) {
      await releaseLink(t, open, 'CANCELLED');
    }
    const { available, reserved } = await workerAccounts(t, workerId);
    const balance = (await t.ledgerAccount.findUniqueOrThrow({ where: { id: available.id }, select: { balanceMsats: true } })).balanceMsats;
    const capRoom = await remainingDailyPayoutMsats(t, workerId);
    if (capRoom < MIN_WITHDRAWAL_MSATS) throw new AppError('RATE_LIMITED', "You've reached today's payout limit. It resets at midnight UTC.");
    const fits = maxWithdrawable(balance);
    const maxMsats = fits < capRoom ? fits : capRoom;
    if (maxMsats === 0n) throw new AppError('INSUFFICIENT_FUNDS', 'There is nothing to withdraw yet.');
    const created = await t.withdrawLink.create({
      data: { workerId, k1Hash: hashK1(k1), minMsats: MIN_WITHDRAWAL_MSATS, maxMsats, expiresAt: new Date(Date.now() + WITHDRAW_LINK_TTL_MS) },
      select: { id: true, maxMsats: true, expiresAt: true },
    });
    await postTransfer(t, {
      debitAccountId: available.id,
      creditAccountId: reserved.id,
      amountMsats: reserveFor(maxMsats),
      idempotencyKey: `withdraw-link:${created.id}:reserve`,
      reason: 'WITHDRAWAL_RESERVE',
    });
    return created;
  });
  const url = `${getEnv().publicUrl}/api/lnurl/withdraw?k1=${k1}`;
  return {
    linkId: link.id,
    lnurl: encodeLnurl(url),
    lnurlw: url.replace(/^https?:\/\//, 'lnurlw://'),
    amountMsats: link.maxMsats,
    expiresAt: link.expiresAt,
  };
}

const K1 = /^[0-9a-f]{64}$/;

export type WithdrawRequest = { k1: string; minMsats: bigint; maxMsats: bigint };

/** LUD-03 step 1: describes an open link. It must not consume it: wallets fetch this more than once. */
export async function getWithdrawRequest(k1: string): Promise<WithdrawRequest | { error: string }> {
  if (!K1.test(k1)) return { error: 'Malformed k1.' };
  const link = await db.withdrawLink.findUnique({ where: { k1Hash: hashK1(k1) }, select: { status: true, minMsats: true, maxMsats: true, expiresAt: true } });
  if (!link) return { error: 'Unknown withdraw link.' };
  if (link.status === 'USED') return { error: 'This withdraw link was already used.' };
  if (link.status !== 'OPEN' && link.status !== 'CLAIMED') return { error: 'This withdraw link is no longer valid.' };
  if (link.expiresAt <= new Date()) return { error: 'This withdraw link has expired.' };
  return { k1, minMsats: link.minMsats, maxMsats: link.maxMsats };
}

/**
 * LUD-03 step 3: the wallet's invoice. Every check happens before anything moves; then the link is claimed
 * atomically (of many concurrent callbacks exactly one wins), a payout row with the invoice's unique payment
 * hash is written, and the payment is queued in the same transaction. The reply goes back at once; the job pays.
 */
export async function acceptWithdrawCallback(k1: string, pr: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!K1.test(k1)) return { ok: false, reason: 'Malformed k1.' };
  const link = await db.withdrawLink.findUnique({
    where: { k1Hash: hashK1(k1) },
    select: { id: true, workerId: true, status: true, minMsats: true, maxMsats: true, expiresAt: true },
  });
  if (!link) return { ok: false, reason: 'Unknown withdraw link.' };
  if (link.status !== 'OPEN') return { ok: false, reason: link.status === 'CLAIMED' ? 'A payment for this link is already in progress.' : 'This withdraw link was already used.' };
  if (link.expiresAt <= new Date()) return { ok: false, reason: 'This withdraw link has expired.' };
  try {
    await assertPayoutsRunning();
  } catch (error) {
    return { ok: false, reason: error instanceof AppError ? error.message : 'Payouts are paused.' };
  }
  const { network } = await getLightningBackend().getInfo();
  const checked = checkPayoutInvoice(pr, { network, minMsats: link.minMsats, maxMsats: link.maxMsats });
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const { paymentHash, amountMsats } = checked.invoice;

  try {
    return await db.$transaction(async (t) => {
      const claimed = await t.withdrawLink.updateMany({
        where: { id: link.id, status: 'OPEN', expiresAt: { gt: new Date() } },
        data: { status: 'CLAIMED', claimedAt: new Date() },
      });
      if (claimed.count !== 1) throw new AppError('CONFLICT', 'A payment for this link is already in progress.');
      const withdrawal = await t.withdrawal.create({
        data: {
          workerId: link.workerId,
          linkId: link.id,
          kind: 'LNURL_WITHDRAW',
          bolt11: pr.trim().toLowerCase(),
          paymentHash,
          amountMsats,
          feeLimitMsats: feeLimitFor(amountMsats),
          status: 'SENDING',
        },
        select: { id: true },
      });
      await enqueueJob('payout.send', { withdrawalId: withdrawal.id }, { tx: t, singletonKey: withdrawal.id });
      return { ok: true as const };
    });
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: error.message };
    if (getSqlState(error) === '23505' || (error as { code?: string }).code === 'P2002') {
      return { ok: false, reason: 'This invoice was already used for a payout.' };
    }
    throw error;
  }
}

/** Closes links that expired while open and gives their reservation back. */
export async function expireWithdrawLinks(now = new Date()): Promise<number> {
  const stale = await db.withdrawLink.findMany({ where: { status: 'OPEN', expiresAt: { lte: now } }, select: { id: true, workerId: true, maxMsats: true }, take: 500 });
  for (const link of stale) await db.$transaction((t) => releaseLink(t, link, 'EXPIRED'));
  return stale.length;
}
