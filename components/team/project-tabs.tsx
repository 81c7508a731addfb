'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const tabs = [
  { segment: '', label: 'Overview' },
  { segment: '/settings', label: 'Settings', forChange: true },
  { segment: '/upload', label: 'Upload', forChange: true },
  { segment: '/items', label: 'Items' },
  { segment: '/trees', label: 'Trees', treesOnly: true },
  { segment: '/fund', label: 'Fund', forChange: true },
  { segment: '/exports', label: 'Exports' },
];

/**
 * `canChange`: false for read-only members, who get the tabs they can use (the server refuses changes anyway).
 * `isTree`: a conversation-tree project also gets its Trees tab.
 */
export function ProjectTabs({ projectId, canChange, isTree = false }: { projectId: string; canChange: boolean; isTree?: boolean }) {
  const pathname = usePathname() ?? '';
  const base = `/team/projects/${projectId}`;
  return (
    <nav aria-label="Project" className="-mx-4 overflow-x-auto border-b border-zinc-200 px-4 dark:border-zinc-800">
      <ul className="flex gap-1">
        {tabs.filter((tab) => (canChange || !tab.forChange) && (isTree || !tab.treesOnly)).map((tab) => {
          const href = `${base}${tab.segment}`;
          const current = tab.segment === '' ? pathname === base : pathname.startsWith(href);
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${current ? 'border-bolt-500 text-zinc-900 dark:text-zinc-100' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
