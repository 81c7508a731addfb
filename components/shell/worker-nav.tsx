'use client';
import { usePathname } from 'next/navigation';
import { NavLink } from '@/components/ui/nav-link';

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
        <NavLink href="/tasks" className={item}>
          <NavIcon path="M13 2 4 14h7l-1 8 9-12h-7l1-8z" />
          {labels.tasks}
        </NavLink>
        <NavLink href="/withdraw" className={item}>
          <NavIcon path="M7 17 17 7M9 7h8v8" />
          {labels.withdraw}
        </NavLink>
        <NavLink href="/earnings" className={item}>
          {/* Inline icons: the ₿ sign is missing from many phone fonts and showed as a box. */}
          <NavIcon path="M4 6h16v12H4zM4 10h16M8 15h3" />
          {labels.earnings}
        </NavLink>
      </div>
    </nav>
  );
}

function NavIcon({ path }: { path: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={path} />
    </svg>
  );
}
