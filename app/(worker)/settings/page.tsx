import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/viewer';
import { formatSats } from '@/lib/ledger/money';
import { getMyLightningAddressSettings } from '@/lib/payouts/lightning-address';
import { LightningAddressForm } from './_components/lightning-address-form';

export const metadata: Metadata = { title: 'Settings' };

// English only for now; move the strings to lib/i18n/messages when this page is translated.
export default async function SettingsPage() {
  await requirePageRole('WORKER', '/settings');
  const { lightningAddress, thresholdMsats } = await getMyLightningAddressSettings();
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-bold">Settings</h1>
      <section className="space-y-3">
        <h2 className="font-semibold">Automatic payouts</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Add a Lightning Address (like <span className="font-mono">you@walletofsatoshi.com</span>) and your approved earnings are sent to it
          automatically once your available balance reaches {formatSats(thresholdMsats)}. Smaller amounts add up until then, so routing fees stay
          small. You can still withdraw by hand at any time.
        </p>
        <LightningAddressForm initialAddress={lightningAddress} />
      </section>
    </div>
  );
}
