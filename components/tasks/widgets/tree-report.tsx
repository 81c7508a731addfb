'use client';
import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { reportReasons, type ReportReason } from '@/lib/trees/answers';
import { reportTreeMessageAction } from '@/lib/trees/actions';
import { focusRing } from './ui';

export type ReportTarget = { id: string; name: string };

type Status = { kind: 'idle' } | { kind: 'done'; removed: boolean } | { kind: 'error'; message: string };

/**
 * "Report a message" on a reply or ranking task: the worker picks the message (when the task shows several) and a
 * reason; it counts as their red flag on it (lib/trees/flags.ts), and enough of them remove the message.
 */
export function ReportMessage({ assignmentId, targets }: { assignmentId: string; targets: ReportTarget[] }) {
  const t = useTranslations('tasks.tree.report');
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<string | null>(targets.length === 1 ? targets[0].id : null);
  const [reported, setReported] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [pending, startTransition] = useTransition();
  const left = targets.filter((candidate) => !reported.includes(candidate.id));
  if (left.length === 0 && status.kind === 'idle') return null;

  const send = (reason: ReportReason) => {
    if (!target) return;
    startTransition(async () => {
      const outcome = await reportTreeMessageAction({ assignmentId, messageId: target, reason });
      if (outcome.kind === 'error') {
        setStatus({ kind: 'error', message: outcome.message });
      } else {
        setReported((ids) => [...ids, target]);
        setStatus({ kind: 'done', removed: outcome.removed });
      }
      setOpen(false);
      setTarget(left.length === 2 ? (left.find((candidate) => candidate.id !== target)?.id ?? null) : null);
    });
  };

  return (
    <div className="mt-4">
      {left.length > 0 && (
        <button
          type="button"
          onClick={() => {
            setStatus({ kind: 'idle' });
            setOpen(true);
          }}
          className={`min-h-11 rounded-xl px-2 text-sm font-medium text-zinc-600 underline underline-offset-4 dark:text-zinc-400 ${focusRing}`}
        >
          {t('open')}
        </button>
      )}
      <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        {status.kind === 'done' && (status.removed ? t('removed') : t('thanks'))}
        {status.kind === 'error' && status.message}
      </p>
      {open && (
        <div role="dialog" aria-modal="true" aria-labelledby="report-title" className="fixed inset-0 z-30 flex items-end bg-black/40" onClick={() => setOpen(false)}>
          <div className="w-full rounded-t-3xl bg-white p-4 pb-[calc(1rem+env(safe-area-inset-bottom))] dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
            <h2 id="report-title" className="mb-1 text-lg font-semibold">{t('title')}</h2>
            <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">{t('hint')}</p>
            {left.length > 1 && (
              <fieldset className="mb-3 flex flex-col gap-2">
                <legend className="mb-2 text-sm font-semibold">{t('which')}</legend>
                {left.map((candidate) => (
                  <label key={candidate.id} className="flex min-h-11 items-center gap-3 rounded-xl border border-zinc-200 px-4 py-2 dark:border-zinc-700">
                    <input type="radio" name="report-target" className="size-5" checked={target === candidate.id} onChange={() => setTarget(candidate.id)} />
                    <span>{candidate.name}</span>
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset className="flex flex-col gap-2" disabled={!target || pending}>
              <legend className="mb-2 text-sm font-semibold">{t('why')}</legend>
              {reportReasons.map((reason) => (
                <button
                  key={reason}
                  type="button"
                  onClick={() => send(reason)}
                  className={`min-h-11 rounded-xl border border-zinc-200 px-4 py-3 text-left font-medium disabled:opacity-50 dark:border-zinc-700 ${focusRing}`}
                >
                  {t(`reasons.${reason}`)}
                </button>
              ))}
            </fieldset>
            <button type="button" onClick={() => setOpen(false)} className={`mt-2 min-h-11 w-full px-4 py-3 font-medium text-zinc-600 dark:text-zinc-400 ${focusRing}`}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
