import type { Metadata } from 'next';
import Link from 'next/link';
import { WalletLogin } from '@/components/auth/wallet-login';
import { DemoSignIn } from '@/components/auth/demo-sign-in';
import { safeReturnPath } from '@/lib/auth/viewer';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Sign in with your wallet' };

export default async function WalletLoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeReturnPath((await searchParams).next) ?? undefined;
  const isDemo = isDemoMode();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/" className="text-sm font-semibold text-bolt-600">⚡ Boltwork</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Sign in with your Lightning wallet</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          No email, no password. Scan the code with a wallet that supports LNURL-auth, or open your wallet on this
          phone. Your wallet is also where your sats arrive.
        </p>
      </div>
      <WalletLogin next={next} isDemo={isDemo} />
      {isDemo && <DemoSignIn />}
      <Link href="/login/email" className="text-center text-sm text-zinc-500 underline">
        ML team member or admin? Sign in with email
      </Link>
    </main>
  );
}
