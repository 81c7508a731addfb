'use client';
// "Appeal" under a rejected task on /earnings: a small form that sends the worker's explanation once.
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { appealJudgmentAction, type AppealFormState } from '@/lib/judgments/actions';

export function EarningsAppeal({ judgmentId }: { judgmentId: string }) {
  const t = useTranslations('worker.earnings.appeal');
  const [isOpen, setIsOpen] = useState(false);
  const [state, formAction, isPending] = useActionState<AppealFormState, FormData>(appealJudgmentAction, { status: 'idle' });

  if (state.status === 'sent') return <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300" role="status">{t('sent')}</p>;
  if (!isOpen) {
    return (
      <button type="button" onClick={() => setIsOpen(true)} className="mt-2 min-h-11 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium dark:border-zinc-700">
        {t('open')}
      </button>
    );
  }
  return (
    <form action={formAction} className="mt-2 space-y-2">
      <input type="hidden" name="judgmentId" value={judgmentId} />
      <label className="block text-sm font-medium" htmlFor={`appeal-${judgmentId}`}>
        {t('label')}
      </label>
      <textarea
        id={`appeal-${judgmentId}`}
        name="text"
        required
        minLength={10}
        maxLength={1000}
        rows={3}
        placeholder={t('placeholder')}
        className="w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      {state.status === 'error' && <p className="text-sm text-red-700 dark:text-red-300" role="alert">{state.message}</p>}
      <div className="flex gap-2">
        <button type="submit" disabled={isPending} className="rounded-lg bg-bolt-700 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60">
          {t('submit')}
        </button>
        <button type="button" onClick={() => setIsOpen(false)} className="min-h-11 rounded-lg px-3 py-2 text-sm">
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
