import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isDemoMode } from '@/lib/demo/accounts';
import { WalletForm } from './_components/wallet-form';

export const metadata: Metadata = { title: 'Wallet simulator' };

/** Demo mode only: a phone wallet in a page, for trying LNURL-auth and LNURL-withdraw without a real wallet. */
export default function WalletSimulatorPage() {
  if (!isDemoMode()) notFound();
  return (
    <main className="mx-auto max-w-md space-y-4 px-5 py-8">
      <h1 className="text-2xl font-bold">Wallet simulator</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Paste an LNURL copied from a sign-in or withdraw screen. The simulated wallet signs the login (LUD-04) or
        creates an invoice on its own simulated node and asks for the withdrawal (LUD-03), over real HTTP. The same
        wallet runs in a terminal: <code>npm run wallet -- withdraw LNURL1…</code>.
      </p>
      <WalletForm />
    </main>
  );
}
