'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The worker's bottom navigation: within thumb reach on a phone. A task page's own action bar takes its place. */
export function WorkerNav({ labels }: { labels: { tasks: string; earnings: string; withdraw: string } }) {
  const pathname = usePathname();
  if (/^\/tasks\/[^/]+/.test(pathname)) return null;
  const item = 'flex flex-1 flex-col items-center gap-0.5 py-3 text-sm font-medium text-zinc-600 dark:text-zinc-300';
  return (
    <nav
      aria-label="Main"
      className="fixed inset-x-0 bottom-0 z-10 border-t border-zinc-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95"
      data-worker-nav
    >
      <div className="mx-auto flex max-w-md">
        <Link href="/tasks" className={item}>
          <span aria-hidden>⚡</span>
          {labels.tasks}
        </Link>
        <Link href="/withdraw" className={item}>
          <span aria-hidden>↗</span>
          {labels.withdraw}
        </Link>
        <Link href="/earnings" className={item}>
          <span aria-hidden>₿</span>
          {labels.earnings}
        </Link>
      </div>
    </nav>
  );
}
