import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditChangeList } from '@/components/admin/audit-change-list';
import { AdminNav, buttonClass, inputClass } from '@/components/admin/overview-nav';
import { searchAuditLog } from '@/lib/admin/audit';
import { auditSearchSchema, type AuditSearch } from '@/lib/admin/schemas';
import { requirePageRole } from '@/lib/auth/viewer';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Audit log' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The search as a query string (dates as typed), for the next page and the CSV link. */
function toQuery(raw: Record<string, string | undefined>, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...raw, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

type Entry = Awaited<ReturnType<typeof searchAuditLog>>['entries'][number];

/** Workers by their name, linked to their page; staff by name, then email; the system as such. */
function AuditActor({ entry }: { entry: Entry }) {
  const worker = entry.actor?.workerProfile;
  if (worker) return <Link href={`/admin/workers/${worker.id}`} className="underline">{worker.displayName}</Link>;
  if (entry.actor) return <span title={entry.actor.email ?? undefined}>{entry.actor.name ?? entry.actor.email ?? entry.actorUserId?.slice(-8)}</span>;
  return <span>{entry.actorKind.toLowerCase()}</span>;
}

/** Where an admin can look at an entry's target, for the kinds that have a page. */
function auditTargetHref(targetType: string, targetId: string): string | null {
  switch (targetType) {
    case 'WorkerProfile':
      return `/admin/workers/${targetId}`;
    case 'Item':
      return `/admin/review/items/${targetId}`;
    default:
      return null;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole('ADMIN', '/admin/audit');
  const params = await searchParams;
  const raw = Object.fromEntries(['action', 'actor', 'targetType', 'targetId', 'from', 'to'].map((key) => [key, first(params[key])]));
  const parsed = auditSearchSchema.safeParse({ ...raw, before: first(params.before) });
  const search: AuditSearch = parsed.success ? parsed.data : {};
  const { entries, nextBefore } = await searchAuditLog(search);
  return (
    <div className="space-y-4">
      <AdminNav current="/admin/audit" />
      <h1 className="text-2xl font-bold">Audit log</h1>
      <form method="get" className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
        <input name="action" defaultValue={raw.action} placeholder="Action (prefix, e.g. payouts.)" aria-label="Action" className={inputClass} />
        <input name="actor" defaultValue={raw.actor} placeholder="Actor: email, user id or SYSTEM" aria-label="Actor" className={inputClass} />
        <input name="targetType" defaultValue={raw.targetType} placeholder="Target type, e.g. WorkerProfile" aria-label="Target type" className={inputClass} />
        <input name="targetId" defaultValue={raw.targetId} placeholder="Target id" aria-label="Target id" className={inputClass} />
        <label className="flex items-center gap-2">From <input type="datetime-local" name="from" defaultValue={raw.from} className={`${inputClass} flex-1`} /></label>
        <label className="flex items-center gap-2">To <input type="datetime-local" name="to" defaultValue={raw.to} className={`${inputClass} flex-1`} /></label>
        <div className="flex gap-2 sm:col-span-3">
          <button type="submit" className={buttonClass}>Search</button>
          <a href={`/admin/audit/export?${toQuery(raw)}`} className={buttonClass} download>Export CSV</a>
          {!parsed.success && (
            <p role="alert" className="text-red-700">
              {parsed.error.issues.map((issue) => issue.message).join(' ')} These filters were ignored.
            </p>
          )}
        </div>
      </form>
      {entries.length === 0 && <p className="text-zinc-500">No entries match.</p>}
      <ScrollRegion label="Audit entries" className="overflow-x-auto rounded-2xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
            <tr><th className="px-3 py-2 font-medium">When (UTC)</th><th className="px-3 py-2 font-medium">Who</th><th className="px-3 py-2 font-medium">Action</th><th className="px-3 py-2 font-medium">Target</th><th className="px-3 py-2 font-medium">Before → after</th></tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const targetHref = e.targetId ? auditTargetHref(e.targetType, e.targetId) : null;
              return (
                <tr key={e.id} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid="audit-entry">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">{e.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
                  <td className="px-3 py-2"><AuditActor entry={e} /></td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 text-xs">
                    {e.targetType}
                    {e.targetId && (targetHref ? (
                      <Link href={targetHref} className="block break-all text-bolt-700 underline dark:text-bolt-400">{e.targetId}</Link>
                    ) : (
                      <span className="block break-all text-zinc-500">{e.targetId}</span>
                    ))}
                  </td>
                  <td className="px-3 py-2"><AuditChangeList before={e.before} after={e.after} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {nextBefore && <Link href={`/admin/audit?${toQuery(raw, { before: nextBefore })}`} className={buttonClass}>Older entries</Link>}
    </div>
  );
}
