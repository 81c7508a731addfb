'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  claimWalletLoginAction,
  pollWalletLoginAction,
  signInWithDemoWalletAction,
  startWalletLoginAction,
  type WalletLoginStart,
} from '@/lib/auth/actions';

const POLL_MS = 1500;

type Challenge = Extract<WalletLoginStart, { lnurl: string }>;

/**
 * `initial` is the challenge the page rendered (its QR is in the first HTML): the browser binds it to itself with
 * claimWalletLoginAction before it polls. "New code" makes the next one with startWalletLoginAction.
 */
export function WalletLogin({ next, isDemo, initial }: { next?: string; isDemo: boolean; initial?: WalletLoginStart }) {
  const t = useTranslations('auth.wallet');
  const rendered = initial && 'lnurl' in initial ? initial : null;
  const [challenge, setChallenge] = useState<Challenge | null>(rendered);
  const [state, setState] = useState<'loading' | 'waiting' | 'expired' | 'signing-in' | 'error'>(rendered ? 'waiting' : initial ? 'error' : 'loading');
  const [message, setMessage] = useState<string | null>(initial && 'error' in initial ? initial.error : null);
  // Polling needs the challenge cookie: set by the action for a new code, by the claim for the rendered one.
  const [isBound, setIsBound] = useState(false);
  const binding = useRef<Promise<void> | null>(null);
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
    setIsBound(true);
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
    if (!initial) {
      void start();
      return;
    }
    if (!rendered) return;
    binding.current = claimWalletLoginAction(rendered.challengeId).then(
      (result) => (result.ok ? setIsBound(true) : setState('expired')),
      () => setState('expired'),
    );
    // Once, for the challenge the page rendered; later codes come from start().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (state !== 'waiting' || !challenge) return;
    const expiresAt = new Date(challenge.expiresAt).getTime();
    const tick = () => setSecondsLeft(Math.max(0, Math.round((expiresAt - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [state, challenge]);

  useEffect(() => {
    if (state !== 'waiting' || !challenge || !isBound) return;
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [state, challenge, poll, isBound]);

  async function copy() {
    if (!challenge) return;
    await navigator.clipboard?.writeText(challenge.lnurl).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  async function useDemoWallet() {
    if (!challenge) return;
    setMessage(t('demoSigning'));
    await binding.current;
    const result = await signInWithDemoWalletAction(challenge.lnurl);
    setMessage(result.ok ? t('demoSigned') : t('demoFailed', { reason: result.reason ?? '' }));
    if (result.ok) await poll();
  }

  if (state === 'loading') return <p className="py-16 text-center text-zinc-500">{t('preparing')}</p>;
  if (state === 'error') {
    return (
      <div className="space-y-3 py-8 text-center">
        <p role="alert" className="text-red-600">{message}</p>
        <button onClick={() => void start()} className="rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white">
          {t('tryAgain')}
        </button>
      </div>
    );
  }
  if (state === 'expired' || !challenge) {
    return (
      <div className="space-y-3 py-8 text-center">
        <p>{t('expired')}</p>
        <button onClick={() => void start()} className="rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white">
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
        className="w-full rounded-xl bg-bolt-700 px-5 py-4 text-center text-lg font-semibold text-white shadow-sm active:bg-bolt-800"
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
