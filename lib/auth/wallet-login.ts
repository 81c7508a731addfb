import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { buildLoginUrl, createAuthK1, lnurlAuthCallbackSchema, verifyAuthSignature } from '@/lib/lnurl/auth';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { findOrCreateWorkerByLinkingKey } from '@/lib/workers/profiles';
import { createSession, type SessionMeta } from './sessions';
import { hashToken } from './tokens';

export const WALLET_LOGIN_TTL_MS = 5 * 60 * 1000;

export type WalletLoginChallenge = { challengeId: string; lnurl: string; url: string; expiresAt: Date };

export function walletLoginCallbackUrl(): string {
  return `${getEnv().publicUrl}/api/lnurl/auth`;
}

/** A fresh LUD-04 challenge. Only k1's hash is stored: the QR is the only place k1 appears. */
export async function createWalletLoginChallenge(): Promise<WalletLoginChallenge> {
  const k1 = createAuthK1();
  const expiresAt = new Date(Date.now() + WALLET_LOGIN_TTL_MS);
  const challenge = await db.lnurlAuthChallenge.create({
    data: { k1Hash: hashToken(k1), expiresAt },
    select: { id: true },
  });
  const url = buildLoginUrl(walletLoginCallbackUrl(), k1, 'login');
  return { challengeId: challenge.id, url, lnurl: encodeLnurl(url), expiresAt };
}

/**
 * A challenge this browser may bind to itself: not yet turned into a session. A wallet on the same phone can sign
 * (PENDING → VERIFIED) before the page has hydrated and claimed it, so a signed one is claimable too.
 */
export async function findClaimableWalletLogin(challengeId: string): Promise<{ expiresAt: Date } | null> {
  return db.lnurlAuthChallenge.findFirst({
    where: { id: challengeId, status: { in: ['PENDING', 'VERIFIED'] }, expiresAt: { gt: new Date() } },
    select: { expiresAt: true },
  });
}

export type WalletCallbackResult = { ok: true } | { ok: false; reason: string };

/**
 * The wallet's signed callback (LUD-04). A k1 is accepted once, while fresh, and only with a valid
 * signature; the browser that showed the QR picks the login up by polling.
 */
export async function acceptWalletSignature(query: unknown, meta: SessionMeta): Promise<WalletCallbackResult> {
  const parsed = lnurlAuthCallbackSchema.safeParse(query);
  if (!parsed.success) return { ok: false, reason: 'Malformed login request: tag, k1, sig and key are required.' };
  const { k1, sig, key } = parsed.data;
  if (!verifyAuthSignature({ k1, sig, key })) return { ok: false, reason: 'Invalid signature.' };

  const challenge = await db.lnurlAuthChallenge.findUnique({
    where: { k1Hash: hashToken(k1) },
    select: { id: true, status: true, expiresAt: true },
  });
  if (!challenge) return { ok: false, reason: 'Unknown login challenge.' };
  if (challenge.status !== 'PENDING') return { ok: false, reason: 'This login challenge was already used.' };
  if (challenge.expiresAt <= new Date()) return { ok: false, reason: 'This login challenge has expired. Reload the page.' };

  const { userId } = await findOrCreateWorkerByLinkingKey(key, meta);
  // Guarded transition: of two concurrent callbacks for one k1, exactly one moves it on.
  const { count } = await db.lnurlAuthChallenge.updateMany({
    where: { id: challenge.id, status: 'PENDING', expiresAt: { gt: new Date() } },
    data: { status: 'VERIFIED', linkingKey: key, userId, verifiedAt: new Date() },
  });
  return count === 1 ? { ok: true } : { ok: false, reason: 'This login challenge was already used.' };
}

export type WalletLoginPoll =
  | { status: 'pending'; expiresAt: Date }
  | { status: 'expired' }
  | { status: 'signed-in'; token: string; expiresAt: Date; locale: string | null };

/** The browser's poll: once the wallet has signed, turns the challenge into a session exactly once. */
export async function pollWalletLogin(challengeId: string, meta: SessionMeta): Promise<WalletLoginPoll> {
  const claimed = await db.lnurlAuthChallenge.updateManyAndReturn({
    where: { id: challengeId, status: 'VERIFIED' },
    data: { status: 'CONSUMED', consumedAt: new Date() },
    select: { userId: true },
  });
  const userId = claimed[0]?.userId;
  if (userId) {
    const session = await createSession(userId, 'LNURL_AUTH', meta);
    const profile = await db.workerProfile.findUnique({ where: { userId }, select: { locale: true } });
    return { status: 'signed-in', ...session, locale: profile?.locale ?? null };
  }
  const challenge = await db.lnurlAuthChallenge.findUnique({
    where: { id: challengeId },
    select: { status: true, expiresAt: true },
  });
  if (!challenge || challenge.status !== 'PENDING' || challenge.expiresAt <= new Date()) return { status: 'expired' };
  return { status: 'pending', expiresAt: challenge.expiresAt };
}

export async function deleteStaleWalletChallenges(): Promise<number> {
  const { count } = await db.lnurlAuthChallenge.deleteMany({
    where: { expiresAt: { lt: new Date(Date.now() - WALLET_LOGIN_TTL_MS) } },
  });
  return count;
}
