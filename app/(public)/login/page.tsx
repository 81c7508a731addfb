import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { WalletLogin } from '@/components/auth/wallet-login';
import { DemoSignIn } from '@/components/auth/demo-sign-in';
import { getRequestMeta } from '@/lib/auth/request-context';
import { safeReturnPath } from '@/lib/auth/viewer';
import { startWalletLoginForPage } from '@/lib/auth/wallet-login-start';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Sign in with your wallet' };

export default async function WalletLoginPage({ searchParams }: { searchParams: Promise<{ next?: string; limited?: string }> }) {
  const query = await searchParams;
  const next = safeReturnPath(query.next) ?? undefined;
  const isDemo = isDemoMode();
  // The challenge is made while rendering, so its QR code is in the first HTML (it is the page's largest paint).
  const [t, messages, initial] = await Promise.all([getTranslations('auth.wallet'), getMessages(), startWalletLoginForPage((await getRequestMeta()).ip ?? null)]);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      {/* Plain links: leaving the sign-in page needs no client router, and the page ships no link code. */}
      <a href="/" className="-my-3 self-start py-3 text-sm font-semibold text-bolt-700">⚡ Boltwork</a>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      </div>
      <NextIntlClientProvider messages={{ auth: messages.auth }}>
        <WalletLogin next={next} isDemo={isDemo} initial={initial} />
      </NextIntlClientProvider>
      {/* Demo mode only (devSignInAction redirects here when rate-limited); English like the rest of the demo panel. */}
      {isDemo && query.limited === '1' && (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Too many demo sign-ins. Wait a minute and try again.
        </p>
      )}
      {isDemo && <DemoSignIn />}
      <a href="/login/email" className="-my-3 py-3 text-center text-sm text-zinc-500 underline">
        {t('staffLink')}
      </a>
    </main>
  );
}
