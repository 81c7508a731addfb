'use client';
import { useTranslations } from 'next-intl';
import { skipReasons, type SkipReason } from '@/lib/assignment/types';

const reasons = skipReasons;

export function SkipSheet({ onPick, onClose, disabled }: { onPick: (reason: SkipReason) => void; onClose: () => void; disabled: boolean }) {
  const t = useTranslations('worker.task');
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="skip-title" className="fixed inset-0 z-30 flex items-end bg-black/40" onClick={onClose}>
      <div className="w-full rounded-t-3xl bg-white p-4 pb-[calc(1rem+env(safe-area-inset-bottom))] dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
        <h2 id="skip-title" className="mb-3 text-lg font-semibold">{t('skipTitle')}</h2>
        <div className="flex flex-col gap-2">
          {reasons.map((reason) => (
            <button
              key={reason}
              type="button"
              disabled={disabled}
              onClick={() => onPick(reason)}
              className="rounded-xl border border-zinc-200 px-4 py-3 text-left font-medium dark:border-zinc-700"
            >
              {t(`skipReasons.${reason}`)}
            </button>
          ))}
          <button type="button" onClick={onClose} className="px-4 py-3 font-medium text-zinc-500">
            {t('cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
