import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePageRole } from '@/lib/auth/viewer';
import { formatSats } from '@/lib/ledger/money';
import { getMyLightningAddressSettings } from '@/lib/payouts/lightning-address';
import { LightningAddressForm } from './_components/lightning-address-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePageRole('WORKER', '/settings');
  const [{ lightningAddress, thresholdMsats }, t, locale] = await Promise.all([getMyLightningAddressSettings(), getTranslations('worker.settings'), getLocale()]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <section className="space-y-3">
        <h2 className="font-semibold">{t('autoTitle')}</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t.rich('autoExplain', {
            threshold: formatSats(thresholdMsats, locale),
            mono: (chunks) => <span className="font-mono">{chunks}</span>,
          })}
        </p>
        <LightningAddressForm initialAddress={lightningAddress} />
      </section>
    </div>
  );
}
