'use client';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { saveLightningAddressAction } from '@/lib/payouts/actions';

export function LightningAddressForm({ initialAddress }: { initialAddress: string | null }) {
  const t = useTranslations('worker.settings');
  const [saved, setSaved] = useState(initialAddress);
  const [value, setValue] = useState(initialAddress ?? '');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const submit = (address: string | null) =>
    startTransition(async () => {
      setError(null);
      setNotice(null);
      const result = await saveLightningAddressAction({ address });
      if (!result.ok) return setError(result.error);
      setSaved(result.address);
      setValue(result.address ?? '');
      setNotice(result.address ? t('saved', { address: result.address }) : t('removed'));
    });

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit(value.trim() === '' ? null : value);
      }}
    >
      <label htmlFor="lightning-address" className="block text-sm font-medium">
        {t('addressLabel')}
      </label>
      <input
        id="lightning-address"
        name="address"
        type="text"
        inputMode="email"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="name@example.com"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'lightning-address-error' : undefined}
        className="w-full rounded-xl border border-zinc-300 px-4 py-3 text-base dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex gap-2">
        <button type="submit" disabled={isPending} className="flex-1 rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white disabled:opacity-60">
          {isPending ? t('checking') : t('save')}
        </button>
        {saved && (
          <button type="button" disabled={isPending} onClick={() => submit(null)} className="rounded-xl border border-zinc-300 px-5 py-3 font-medium dark:border-zinc-700">
            {t('remove')}
          </button>
        )}
      </div>
      {error && (
        <p id="lightning-address-error" role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {notice}
        </p>
      )}
    </form>
  );
}
