import Link from 'next/link';

const links = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/review', label: 'Review' },
  { href: '/admin/workers', label: 'Flagged workers' },
  { href: '/admin/teams', label: 'Teams' },
  { href: '/admin/projects', label: 'Projects' },
  { href: '/admin/payouts', label: 'Payouts' },
  { href: '/admin/audit', label: 'Audit log' },
];

/** The admin area's sections; the current one is marked for screen readers and eyes. */
export function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Admin sections" className="flex flex-wrap gap-2 text-sm">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.href === current ? 'page' : undefined}
          className="rounded-lg border border-zinc-200 px-3 py-1.5 font-medium aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:border-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}

export const inputClass = 'min-w-0 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900';
export const buttonClass = 'rounded-lg border border-zinc-300 px-3 py-2 text-sm font-semibold dark:border-zinc-700';
