'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  pollWalletLoginAction,
  signInWithDemoWalletAction,
  startWalletLoginAction,
  type WalletLoginStart,
} from '@/lib/auth/actions';

const POLL_MS = 1500;

type Challenge = Extract<WalletLoginStart, { lnurl: string }>;

export function WalletLogin({ next, isDemo }: { next?: string; isDemo: boolean }) {
  const t = useTranslations('auth.wallet');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [state, setState] = useState<'loading' | 'waiting' | 'expired' | 'signing-in' | 'error'>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [copied, setCopied] = useState(false);
  const polling = useRef(false);

  const start = useCallback(async () => {
    setState('loading');
    setMessage(null);
    const result = await startWalletLoginAction();
    if ('error' in result) {
      setState('error');
      setMessage(result.error);
      return;
    }
    setChallenge(result);
    setState('waiting');
  }, []);

  const poll = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    try {
      const result = await pollWalletLoginAction(next);
      if (result.status === 'signed-in') {
        setState('signing-in');
        window.location.assign(result.redirectTo);
      } else if (result.status === 'expired') {
        setState('expired');
      }
    } catch {
      // A dropped poll on a flaky network is retried on the next tick.
    } finally {
      polling.current = false;
    }
  }, [next]);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    if (state !== 'waiting' || !challenge) return;
    const expiresAt = new Date(challenge.expiresAt).getTime();
    const tick = () => setSecondsLeft(Math.max(0, Math.round((expiresAt - Date.now()) / 1000)));
    tick();
    const timers = [setInterval(() => void poll(), POLL_MS), setInterval(tick, 1000)];
    return () => timers.forEach(clearInterval);
  }, [state, challenge, poll]);

  async function copy() {
    if (!challenge) return;
    await navigator.clipboard?.writeText(challenge.lnurl).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  async function useDemoWallet() {
    if (!challenge) return;
    setMessage(t('demoSigning'));
    const result = await signInWithDemoWalletAction(challenge.lnurl);
    setMessage(result.ok ? t('demoSigned') : t('demoFailed', { reason: result.reason ?? '' }));
    if (result.ok) await poll();
  }

  if (state === 'loading') return <p className="py-16 text-center text-zinc-500">{t('preparing')}</p>;
  if (state === 'error') {
    return (
      <div className="space-y-3 py-8 text-center">
        <p role="alert" className="text-red-600">{message}</p>
        <button onClick={() => void start()} className="rounded-xl bg-bolt-500 px-5 py-3 font-semibold text-white">
          {t('tryAgain')}
        </button>
      </div>
    );
  }
  if (state === 'expired' || !challenge) {
    return (
      <div className="space-y-3 py-8 text-center">
        <p>{t('expired')}</p>
        <button onClick={() => void start()} className="rounded-xl bg-bolt-500 px-5 py-3 font-semibold text-white">
          {t('newCode')}
        </button>
      </div>
    );
  }

  return (
    <div className="flex flex-col items-center gap-4">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on our server */}
      <img
        src={challenge.qrDataUrl}
        alt={t('qrAlt')}
        width={260}
        height={260}
        className="rounded-2xl bg-white p-2 shadow-sm"
      />
      <p className="text-sm text-zinc-500" aria-live="polite">
        {state === 'signing-in' ? t('signedIn') : t('waiting', { time: `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')}` })}
      </p>
      <a
        href={`lightning:${challenge.lnurl}`}
        className="w-full rounded-xl bg-bolt-500 px-5 py-4 text-center text-lg font-semibold text-white shadow-sm active:bg-bolt-600"
      >
        {t('openWallet')}
      </a>
      <button
        type="button"
        onClick={() => void copy()}
        className="w-full rounded-xl border border-zinc-300 px-5 py-3 font-medium dark:border-zinc-700"
      >
        {copied ? t('copied') : t('copy')}
      </button>
      {isDemo && (
        <button
          type="button"
          onClick={() => void useDemoWallet()}
          className="w-full rounded-xl border-2 border-dashed border-bolt-400 px-5 py-3 font-medium text-bolt-700 dark:text-bolt-400"
        >
          {t('demoWallet')}
        </button>
      )}
      {message && <p className="text-center text-sm text-zinc-600 dark:text-zinc-400" role="status">{message}</p>}
    </div>
  );
}
