import type { Metadata } from 'next';
import Link from 'next/link';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { WalletLogin } from '@/components/auth/wallet-login';
import { DemoSignIn } from '@/components/auth/demo-sign-in';
import { safeReturnPath } from '@/lib/auth/viewer';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Sign in with your wallet' };

export default async function WalletLoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeReturnPath((await searchParams).next) ?? undefined;
  const isDemo = isDemoMode();
  const [t, messages] = await Promise.all([getTranslations('auth.wallet'), getMessages()]);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/" className="text-sm font-semibold text-bolt-600">⚡ Boltwork</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      </div>
      <NextIntlClientProvider messages={{ auth: messages.auth }}>
        <WalletLogin next={next} isDemo={isDemo} />
      </NextIntlClientProvider>
      {isDemo && <DemoSignIn />}
      <Link href="/login/email" className="text-center text-sm text-zinc-500 underline">
        {t('staffLink')}
      </Link>
    </main>
  );
}
