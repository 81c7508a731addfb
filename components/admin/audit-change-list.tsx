import { diffAuditValues } from '@/lib/admin/audit-diff';

const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** An audit entry's before → after, changed fields only. */
export function AuditChangeList({ before, after }: { before: unknown; after: unknown }) {
  const changes = diffAuditValues(before, after);
  if (changes.length === 0) return <span className="text-zinc-500">no change recorded</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {changes.map((change) => (
        <li key={change.key} className="break-all">
          <span className="font-medium">{change.key}</span>: <span className="text-red-700 line-through dark:text-red-400">{show(change.before)}</span>{' '}
          → <span className="text-emerald-700 dark:text-emerald-400">{show(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}
