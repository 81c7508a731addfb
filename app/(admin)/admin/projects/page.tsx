import type { Metadata } from 'next';
import { AdminNav, buttonClass, inputClass } from '@/components/admin/overview-nav';
import { setProjectStatusAsAdminAction } from '@/lib/admin/actions';
import { listProjectQuality } from '@/lib/admin/projects';
import { requirePageRole } from '@/lib/auth/viewer';

export const metadata: Metadata = { title: 'Projects' };

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

export default async function AdminProjectsPage() {
  await requirePageRole('ADMIN', '/admin/projects');
  const projects = await listProjectQuality();
  return (
    <div className="space-y-4">
      <AdminNav current="/admin/projects" />
      <h1 className="text-2xl font-bold">Projects</h1>
      <p className="text-sm text-zinc-500">Quality per project (exam answers excluded). A paused project hands out no new tasks; the team sees the reason.</p>
      {projects.length === 0 && <p className="text-zinc-500">No published projects yet.</p>}
      <ul className="space-y-3">
        {projects.map((p) => (
          <li key={p.id} className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="admin-project">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold">{p.title} <span className="font-normal text-zinc-500">· {p.teamName}</span></p>
              <span className="text-sm"><span className="rounded bg-zinc-100 px-1.5 dark:bg-zinc-800">{p.status.toLowerCase()}</span>{p.statusReason && <span className="ml-2 text-zinc-500">{p.statusReason}</span>}</span>
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-5">
              <div><dt className="text-zinc-500">Judgments</dt><dd className="tabular-nums">{p.judgments} ({p.pending} pending)</dd></div>
              <div><dt className="text-zinc-500">Approved</dt><dd className="tabular-nums">{pct(p.approved, p.approved + p.rejected)}</dd></div>
              <div><dt className="text-zinc-500">Rejected</dt><dd className="tabular-nums">{pct(p.rejected, p.approved + p.rejected)}</dd></div>
              <div><dt className="text-zinc-500">Gold accuracy</dt><dd className="tabular-nums">{pct(p.goldCorrect, p.goldSeen)} of {p.goldSeen}</dd></div>
              <div><dt className="text-zinc-500">Low agreement</dt><dd className="tabular-nums" title="Items given extra judgments because answers disagreed">{p.itemsExtended} of {p.items} items</dd></div>
            </dl>
            {(p.status === 'ACTIVE' || p.status === 'PAUSED') && (
              <form action={setProjectStatusAsAdminAction} className="flex flex-wrap gap-2">
                <input type="hidden" name="projectId" value={p.id} />
                <input type="hidden" name="intent" value={p.status === 'ACTIVE' ? 'pause' : 'resume'} />
                <input
                  name="reason"
                  required
                  minLength={3}
                  maxLength={500}
                  placeholder={p.status === 'ACTIVE' ? 'Why pause it (audited; the team sees it)' : 'Why resume it (audited)'}
                  aria-label={p.status === 'ACTIVE' ? 'Pause reason' : 'Resume reason'}
                  className={`${inputClass} flex-1`}
                />
                <button type="submit" className={buttonClass}>{p.status === 'ACTIVE' ? 'Pause project' : 'Resume project'}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
