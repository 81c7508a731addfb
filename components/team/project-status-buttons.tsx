'use client';
// Publish / Pause / Resume for the project header. A refusal (e.g. publishing without items) is shown inline.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ProjectStatus } from '@/lib/generated/prisma/enums';
import { setProjectStatusAction } from '@/lib/projects/actions';
import { ADMIN_PAUSE_RESUME_MESSAGE } from '@/lib/projects/admin-pause';

const actions: Partial<Record<ProjectStatus, { label: string; target: 'ACTIVE' | 'PAUSED'; primary: boolean }>> = {
  DRAFT: { label: 'Publish', target: 'ACTIVE', primary: true },
  ACTIVE: { label: 'Pause', target: 'PAUSED', primary: false },
  PAUSED: { label: 'Resume', target: 'ACTIVE', primary: true },
};

export function ProjectStatusButtons({ projectId, status, adminPaused = false }: { projectId: string; status: ProjectStatus; adminPaused?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const action = actions[status];
  if (!action) return null;
  // The server refuses too (lib/projects/service.ts); here the header says why instead of offering Resume.
  if (adminPaused) return <p className="max-w-xs text-right text-xs text-zinc-600 dark:text-zinc-400" data-testid="admin-paused-explain">{ADMIN_PAUSE_RESUME_MESSAGE}</p>;

  const run = () =>
    startTransition(async () => {
      setError(null);
      const result = await setProjectStatusAction(projectId, action.target);
      if (result.ok) router.refresh();
      else setError(result.error);
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={run}
        disabled={isPending}
        className={`rounded-xl px-4 py-2 text-sm font-semibold disabled:opacity-60 ${action.primary ? 'bg-bolt-700 text-white' : 'border border-zinc-300 dark:border-zinc-700'}`}
      >
        {isPending ? 'Saving…' : action.label}
      </button>
      {error && <p role="alert" className="max-w-xs text-right text-xs text-red-600">{error}</p>}
    </div>
  );
}
