'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import {
  createWithdrawLinkAction,
  getWithdrawStatusAction,
  withdrawWithDemoWalletAction,
  type WithdrawLinkResult,
  type WithdrawStatusView,
} from '@/lib/payouts/actions';
import { formatMsatsInSats, formatSats } from '@/lib/ledger/money';

type Link = Extract<WithdrawLinkResult, { ok: true }>;
const FINAL = new Set(['PAID']);
// States after which the balance and the history on this page have changed: the server parts are refreshed.
const SETTLED = new Set(['PAID', 'FAILED', 'EXPIRED', 'CANCELLED']);

export function WithdrawPanel({ availableSats, maxSats, minimumLabel, isDemo }: { availableSats: string; maxSats: string; minimumLabel: string; isDemo: boolean }) {
  const t = useTranslations('worker.withdraw');
  const locale = useLocale();
  const sats = (amount: string) => formatSats(BigInt(amount) * 1000n, locale);
  const router = useRouter();
  const [link, setLink] = useState<Link | null>(null);
  const [status, setStatus] = useState<WithdrawStatusView>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const create = () =>
    startTransition(async () => {
      setError(null);
      const result = await createWithdrawLinkAction();
      if (result.ok) {
        setLink(result);
        setStatus({ link: 'OPEN', payout: null });
        router.refresh(); // the link set its amount aside: the balance above shows what is left
      } else setError(result.error);
    });

  useEffect(() => {
    if (!link) return;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await getWithdrawStatusAction(link.linkId);
        if (!stopped && next) setStatus(next);
        if (next?.payout && FINAL.has(next.payout.status)) stopped = true;
      } catch {
        // flaky network: the next tick retries
      }
    };
    const timer = setInterval(() => {
      if (stopped) clearInterval(timer);
      else void poll();
    }, 1500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [link]);

  // Paid, failed or expired: the balance and the history the server rendered above are out of date.
  const settled = status !== null && SETTLED.has(status.payout?.status ?? status.link);
  useEffect(() => {
    if (settled) router.refresh();
  }, [settled, router]);

  const demo = () =>
    startTransition(async () => {
      if (!link) return;
      const result = await withdrawWithDemoWalletAction(link.lnurl);
      if (!result.ok) setError(result.reason ?? 'The demo wallet failed.');
    });

  if (!link) {
    return (
      <div className="space-y-3">
        {maxSats === '0' ? (
          <p className="text-zinc-500">{availableSats === '0' ? t('nothing') : t('belowMinimum', { amount: sats(availableSats), minimum: minimumLabel })}</p>
        ) : (
          <button type="button" onClick={create} disabled={isPending} className="w-full rounded-xl bg-bolt-700 px-5 py-4 text-lg font-semibold text-white disabled:opacity-60">
            {t('start', { amount: sats(maxSats) })}
          </button>
        )}
        {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
        <p className="text-xs text-zinc-500">{t('explain')} ({sats(availableSats)})</p>
      </div>
    );
  }

  const payout = status?.payout;
  const state = payout?.status ?? status?.link ?? 'OPEN';
  const stateKey = ['OPEN', 'SENDING', 'UNKNOWN', 'PAID', 'FAILED', 'EXPIRED', 'CANCELLED'].includes(state) ? state : 'OPEN';
  const isPaid = state === 'PAID';

  return (
    <div className="flex flex-col items-center gap-4">
      {!isPaid && (
        <>
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{t('scan')}</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on our server */}
          <img src={link.qrDataUrl} alt={t('qrAlt')} width={260} height={260} className="rounded-2xl bg-white p-2 shadow-sm" />
          <a href={`lightning:${link.lnurl}`} className="w-full rounded-xl bg-bolt-700 px-5 py-4 text-center text-lg font-semibold text-white">
            {t('openWallet')}
          </a>
          <div className="grid w-full grid-cols-2 gap-2">
            <a href={link.lnurlw} className="rounded-xl border border-zinc-300 px-3 py-3 text-center text-sm font-medium dark:border-zinc-700">
              {t('openLnurlw')}
            </a>
            <CopyButton key={link.lnurl} text={link.lnurl} label={t('copy')} copiedLabel={t('copied')} className="rounded-xl border border-zinc-300 px-3 py-3 text-sm font-medium dark:border-zinc-700" />
          </div>
          {isDemo && (
            <button type="button" onClick={demo} disabled={isPending} className="w-full rounded-xl border-2 border-dashed border-bolt-400 px-5 py-3 font-medium text-bolt-700 dark:text-bolt-400">
              {t('demoWallet')}
            </button>
          )}
        </>
      )}
      <p role="status" aria-live="polite" data-testid="withdraw-status" className={`w-full rounded-2xl p-4 text-center font-medium ${isPaid ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-zinc-100 dark:bg-zinc-800'}`}>
        {t(`status.${stateKey}`, { amount: sats(payout?.amountSats ?? link.amountSats), reason: payout?.failureReason ?? '' })}
      </p>
      {isPaid && payout?.preimage && (
        <div className="w-full space-y-1 text-xs">
          <p className="font-medium">{t('proof')}</p>
          <code className="block break-all rounded-lg bg-zinc-100 p-2 font-mono dark:bg-zinc-900" data-testid="withdraw-preimage">{payout.preimage}</code>
          {payout.feeMsats && <p className="text-zinc-500">{t('fee', { fee: formatMsatsInSats(BigInt(payout.feeMsats), locale) })}</p>}
        </div>
      )}
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      {(isPaid || stateKey === 'EXPIRED' || stateKey === 'CANCELLED') && (
        <button type="button" onClick={() => { setLink(null); setStatus(null); window.location.reload(); }} className="text-sm font-medium text-bolt-700 underline dark:text-bolt-400">
          {t('another')}
        </button>
      )}
    </div>
  );
}
