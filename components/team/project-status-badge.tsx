import type { ProjectStatus } from '@/lib/generated/prisma/enums';

const styles: Record<ProjectStatus, { label: string; className: string }> = {
  DRAFT: { label: 'Draft', className: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300' },
  ACTIVE: { label: 'Active', className: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300' },
  PAUSED: { label: 'Paused', className: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300' },
  DONE: { label: 'Closed', className: 'bg-zinc-200 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400' },
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const style = styles[status];
  return (
    <span data-testid="project-status" data-status={status} className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${style.className}`}>
      {style.label}
    </span>
  );
}
