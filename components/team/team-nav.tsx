'use client';
// Team-wide navigation under the header; the current section is marked for screen readers and the eye.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/team', label: 'Projects', isCurrent: (path: string) => path === '/team' || (path.startsWith('/team/projects/') && path !== '/team/projects/new') },
  { href: '/team/projects/new', label: 'New project', isCurrent: (path: string) => path === '/team/projects/new', forChange: true },
  { href: '/team/api', label: 'API', isCurrent: (path: string) => path.startsWith('/team/api') },
  { href: '/team/webhooks', label: 'Webhooks', isCurrent: (path: string) => path.startsWith('/team/webhooks') },
  { href: '/team/members', label: 'Members', isCurrent: (path: string) => path.startsWith('/team/members') },
];

/** `canChange`: false for read-only members, whose nav leaves out what they could not use (the server refuses anyway). */
export function TeamNav({ canChange }: { canChange: boolean }) {
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label="Team" className="border-b border-zinc-200 dark:border-zinc-800">
      <ul className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-4">
        {links.filter((link) => canChange || !link.forChange).map((link) => {
          const current = link.isCurrent(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${current ? 'border-bolt-500 text-zinc-900 dark:text-zinc-100' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
