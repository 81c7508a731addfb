'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { arePayoutsPaused, setPayoutsPaused } from './switch';
import { requireRole } from '@/lib/auth/viewer';
import { demoWalletOrigin, isDemoMode } from '@/lib/demo/accounts';
import { AppError, isAppError } from '@/lib/errors';
import { msatsToSats } from '@/lib/ledger/money';
import { logError } from '@/lib/log';
import { toQrDataUrl } from '@/lib/qr';
import { getDemoPhoneWallet } from '@/lib/wallet-sim/demo-phone';
import { withdrawWithLnurl } from '@/lib/wallet-sim/lnurl-withdraw';
import { enforceRateLimit } from '@/lib/rate-limit/consume';
import { createWithdrawLink } from './links';
import { saveLightningAddress } from './lightning-address';
import { getWithdrawStatus } from './queries';

function publicError(error: unknown): string {
  if (isAppError(error)) return error.message;
  logError('payout action failed', error);
  return 'Something went wrong. Please try again.';
}

export type WithdrawLinkResult =
  | { ok: true; linkId: string; lnurl: string; lnurlw: string; qrDataUrl: string; amountSats: string; expiresAt: string }
  | { ok: false; error: string };

/** Reserves the worker's balance behind a fresh LNURL-withdraw link and returns its QR code. */
export async function createWithdrawLinkAction(): Promise<WithdrawLinkResult> {
  try {
    const viewer = await requireRole('WORKER');
    if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
    const link = await createWithdrawLink(viewer.worker.id);
    return {
      ok: true,
      linkId: link.linkId,
      lnurl: link.lnurl,
      lnurlw: link.lnurlw,
      // Uppercase with the scheme keeps the QR in alphanumeric mode: smaller and quicker to scan.
      qrDataUrl: await toQrDataUrl(`LIGHTNING:${link.lnurl}`),
      amountSats: msatsToSats(link.amountMsats).toString(),
      expiresAt: link.expiresAt.toISOString(),
    };
  } catch (error) {
    return { ok: false, error: publicError(error) };
  }
}

export type WithdrawStatusView = {
  link: string;
  payout: { status: string; amountSats: string; feeMsats: string | null; preimage: string | null; failureReason: string | null } | null;
} | null;

export async function getWithdrawStatusAction(linkId: string): Promise<WithdrawStatusView> {
  if (!z.uuid().safeParse(linkId).success) return null;
  const status = await getWithdrawStatus(linkId);
  if (!status) return null;
  return {
    link: status.link,
    payout: status.payout && {
      status: status.payout.status,
      amountSats: msatsToSats(status.payout.amountMsats).toString(),
      feeMsats: status.payout.feeMsats?.toString() ?? null,
      preimage: status.payout.preimage,
      failureReason: status.payout.failureReason,
    },
  };
}

/** Demo mode: the simulated phone wallet scans the link and withdraws over real HTTP, as a wallet would. */
export async function withdrawWithDemoWalletAction(lnurl: string): Promise<{ ok: boolean; reason?: string }> {
  try {
    await requireRole('WORKER');
    if (!isDemoMode()) throw new AppError('FORBIDDEN', 'This is only available in demo mode.');
    const input = z.string().min(10).max(2000).parse(lnurl);
    const result = await withdrawWithLnurl({ lnurl: input, wallet: getDemoPhoneWallet(), allowedOrigins: [demoWalletOrigin()] });
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  } catch (error) {
    return { ok: false, reason: publicError(error) };
  }
}

const addressSchema = z.object({ address: z.string().max(320).nullable() });

export type SaveLightningAddressResult = { ok: true; address: string | null } | { ok: false; error: string };

/** Saves (after checking it resolves) or clears the worker's Lightning Address for automatic payouts. */
export async function saveLightningAddressAction(input: unknown): Promise<SaveLightningAddressResult> {
  try {
    const viewer = await requireRole('WORKER');
    if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
    const parsed = addressSchema.safeParse(input);
    if (!parsed.success) throw new AppError('INVALID_INPUT', 'That is not a valid Lightning Address.');
    // Saving makes the server call the address's host: a few tries a minute is plenty for a person.
    await enforceRateLimit(`lightning-address:${viewer.worker.id}`, { limit: 6, windowSeconds: 60 }, 'Too many tries. Wait a minute.');
    const address = await saveLightningAddress(viewer.worker.id, parsed.data.address);
    return { ok: true, address };
  } catch (error) {
    return { ok: false, error: publicError(error) };
  }
}

const pauseSchema = z.enum(['pause', 'resume']);

/** The admin's switch that stops (or restarts) every payout at once. Audited. */
export async function setPayoutsPausedAction(formData: FormData): Promise<void> {
  const viewer = await requireRole('ADMIN');
  const paused = pauseSchema.parse(formData.get('intent')) === 'pause';
  await db.$transaction(async (t) => {
    const before = await arePayoutsPaused(t);
    await setPayoutsPaused(paused, t);
    await recordAudit({ actor: { kind: 'USER', userId: viewer.userId }, action: paused ? 'payouts.pause' : 'payouts.resume', targetType: 'Platform', before: { paused: before }, after: { paused } }, t);
  });
  revalidatePath('/admin');
}
