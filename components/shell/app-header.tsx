import { NavLink } from '@/components/ui/nav-link';
import { signOutAction } from '@/lib/auth/actions';

export function AppHeader({ area, who, home }: { area: string; who: string; home: string }) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
        <NavLink href={home} className="flex items-baseline gap-2 py-2.5 font-semibold">
          <span className="text-bolt-700">⚡ Boltwork</span>
          <span className="text-sm font-normal text-zinc-500">{area}</span>
        </NavLink>
        <div className="flex min-w-0 items-center gap-3">
          <span className="truncate text-sm text-zinc-600 dark:text-zinc-400" data-testid="viewer-name">{who}</span>
          <form action={signOutAction}>
            <button type="submit" className="min-h-11 rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
