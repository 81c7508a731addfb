'use client';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { preloadTaskWidget } from '@/components/tasks/task-widget';
import type { TaskType } from '@/components/tasks/types';
import { startProjectAction } from '@/lib/workers/actions';

/** Starts a project; its task type's widget chunk loads while the action runs, so the task page shows it at once. */
export function StartProjectButton({ projectId, taskType, label }: { projectId: string; taskType: TaskType; label: string }) {
  const t = useTranslations('worker.home.none');
  const [message, setMessage] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={isPending}
        onClick={() => {
          preloadTaskWidget(taskType);
          startTransition(async () => {
            const outcome = await startProjectAction(projectId);
            if (!outcome) return; // redirected to the task
            setMessage(outcome.kind === 'none' ? t(outcome.reason) : outcome.message);
          });
        }}
        className="w-full rounded-xl bg-bolt-700 px-5 py-3 text-base font-semibold text-white active:bg-bolt-800 disabled:opacity-60"
      >
        {label}
      </button>
      {message && (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {message}
        </p>
      )}
    </div>
  );
}
