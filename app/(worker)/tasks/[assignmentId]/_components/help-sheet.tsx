'use client';
import { useTranslations } from 'next-intl';
import type { TaskCard } from '@/components/tasks/task-card';
import { useShortcutHelp } from '@/components/tasks/use-shortcuts';

/** The keyboard shortcuts of the task on screen, as a bottom sheet (opened with `?` or the Help button). */
export function HelpSheet({ task, onClose }: { task: TaskCard; onClose: () => void }) {
  const t = useTranslations('worker.task');
  const shortcutHelp = useShortcutHelp(task.taskType, task.config, { responseCount: task.content.responses?.length });
  return (
    <div role="dialog" aria-modal="true" aria-label={t('helpTitle')} className="fixed inset-0 z-30 flex items-end bg-black/40" onClick={onClose}>
      <div className="w-full rounded-t-3xl bg-white p-4 dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-3 text-lg font-semibold">{t('helpTitle')}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {[...shortcutHelp, { keys: 's', label: t('skipShortcut') }, { keys: '?', label: t('helpShortcut') }].map((s) => (
            <div key={s.keys + s.label} className="contents">
              <dt><kbd className="rounded border border-zinc-300 px-1.5 font-mono dark:border-zinc-700">{s.keys}</kbd></dt>
              <dd>{s.label}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onClose} className="mt-4 w-full rounded-xl border border-zinc-300 py-3 font-medium dark:border-zinc-700">
          {t('close')}
        </button>
      </div>
    </div>
  );
}
