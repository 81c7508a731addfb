import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db, type Tx } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { accountKey, getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { capRoomMsats, paidTodaySql } from './limits';
import { maxWithdrawable, MIN_WITHDRAWAL_MSATS, reserveFor, WITHDRAW_LINK_TTL_MS } from './policy';
import { PAYOUTS_PAUSED_MESSAGE, payoutsPausedSql } from './switch';

export const hashK1 = (k1: string) => createHash('sha256').update(k1).digest('hex');

export type WithdrawLinkView = { linkId: string; lnurl: string; lnurlw: string; amountMsats: bigint; expiresAt: Date };

type OpenLink = { id: string; workerId: string; maxMsats: bigint };

/** Returns an open link's reservation to the worker's balance and closes the link; false if it was no longer open. */
async function releaseLink(t: Tx, link: OpenLink, status: 'CANCELLED' | 'EXPIRED'): Promise<boolean> {
  const { count } = await t.withdrawLink.updateMany({ where: { id: link.id, status: 'OPEN' }, data: { status } });
  if (count !== 1) return false;
  const available = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: link.workerId });
  const reserved = await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId: link.workerId });
  await postTransfer(t, {
    debitAccountId: reserved.id,
    creditAccountId: available.id,
    amountMsats: reserveFor(link.maxMsats),
    idempotencyKey: `withdraw-link:${link.id}:release`,
    reason: 'WITHDRAWAL_REFUND',
  });
  return true;
}

type WithdrawState = {
  status: string;
  paused: boolean;
  capMsats: bigint;
  paidTodayMsats: bigint;
  availableId: string | null;
  availableMsats: bigint | null;
  reservedId: string | null;
  openLinks: { id: string; maxMsats: string }[];
};

/** Everything a new link depends on, in one statement: the worker, the switch, today's payouts, balances, open links. */
async function readWithdrawState(t: Tx, workerId: string): Promise<WithdrawState | undefined> {
  const availableKey = accountKey({ kind: 'WORKER_AVAILABLE', workerId });
  const [state] = await t.$queryRaw<WithdrawState[]>`
    SELECT w.status::text, ${payoutsPausedSql} AS paused, w."dailyPayoutCapMsats" AS "capMsats", ${paidTodaySql(workerId)} AS "paidTodayMsats",
           a.id::text AS "availableId", a."balanceMsats" AS "availableMsats",
           (SELECT id::text FROM "LedgerAccount" WHERE key = ${accountKey({ kind: 'WORKER_RESERVED', workerId })}) AS "reservedId",
           COALESCE((SELECT json_agg(json_build_object('id', l.id, 'maxMsats', l."maxMsats"::text)) FROM "WithdrawLink" l
                      WHERE l."workerId" = w.id AND l.status = 'OPEN'), '[]'::json) AS "openLinks"
      FROM "WorkerProfile" w LEFT JOIN "LedgerAccount" a ON a.key = ${availableKey}
     WHERE w.id = ${workerId}::uuid`;
  return state;
}

/**
 * Makes an LNURL-withdraw link for the worker's whole available balance. The amount (plus its fee limit)
 * moves to the worker's reserved account in the same transaction, so two links can never spend it twice.
 * A previous link that is still open is cancelled first; k1 is shown once and stored only as its hash.
 */
export async function createWithdrawLink(workerId: string): Promise<WithdrawLinkView> {
  const k1 = randomBytes(32).toString('hex');
  const link = await db.$transaction(async (t) => {
    await t.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`withdraw-link:${workerId}`}, 0))`;
    const state = await readWithdrawState(t, workerId);
    if (state?.paused) throw new AppError('INVALID_STATE', PAYOUTS_PAUSED_MESSAGE);
    if (state?.status !== 'ACTIVE') throw new AppError('FORBIDDEN', 'Your account cannot withdraw right now.');
    let balance = state.availableMsats ?? 0n;
    for (const open of state.openLinks) {
      // A wallet may claim an open link meanwhile (claims do not take this lock): only a released one adds back.
      if (await releaseLink(t, { id: open.id, workerId, maxMsats: BigInt(open.maxMsats) }, 'CANCELLED')) balance += reserveFor(BigInt(open.maxMsats));
    }
    const capRoom = capRoomMsats(state.capMsats, state.paidTodayMsats);
    if (capRoom < MIN_WITHDRAWAL_MSATS) throw new AppError('RATE_LIMITED', "You've reached today's payout limit. It resets at midnight UTC.");
    const fits = maxWithdrawable(balance);
    const maxMsats = fits < capRoom ? fits : capRoom;
    if (maxMsats === 0n || !state.availableId) throw new AppError('INSUFFICIENT_FUNDS', 'There is nothing to withdraw yet.');
    const reservedId = state.reservedId ?? (await getOrCreateAccount(t, { kind: 'WORKER_RESERVED', workerId })).id;
    const created = await t.withdrawLink.create({
      data: { workerId, k1Hash: hashK1(k1), minMsats: MIN_WITHDRAWAL_MSATS, maxMsats, expiresAt: new Date(Date.now() + WITHDRAW_LINK_TTL_MS) },
      select: { id: true, maxMsats: true, expiresAt: true },
    });
    await postTransfer(t, {
      debitAccountId: state.availableId,
      creditAccountId: reservedId,
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

export const K1 = /^[0-9a-f]{64}$/;

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

/** Closes links that expired while open and gives their reservation back. */
export async function expireWithdrawLinks(now = new Date()): Promise<number> {
  const stale = await db.withdrawLink.findMany({ where: { status: 'OPEN', expiresAt: { lte: now } }, select: { id: true, workerId: true, maxMsats: true }, take: 500 });
  for (const link of stale) await db.$transaction((t) => releaseLink(t, link, 'EXPIRED'));
  return stale.length;
}
