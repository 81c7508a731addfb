import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/viewer';
import { ProjectStatusBadge } from '@/components/team/project-status-badge';
import { projectTypeLabel } from '@/lib/projects/type-label';
import { formatSats } from '@/lib/ledger/money';
import { getTeamHome } from '@/lib/teams/queries';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamHomePage() {
  // Layout and page render in parallel: the page checks too, so a visitor is redirected rather than errored.
  await requirePageRole('REQUESTER', '/team');
  const { teams } = await getTeamHome();
  return (
    <div className="space-y-8">
      {teams.length === 0 && <p className="text-zinc-500">You are not in a team yet.</p>}
      {teams.map((team) => (
        <section key={team.id} className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h1 className="text-2xl font-bold">{team.name}</h1>
              <p className="text-sm text-zinc-500" data-testid="team-balance">
                Team balance (not yet in a project): {formatSats(team.balanceMsats)}
              </p>
            </div>
            {canChangeTeamWork(team.role) ? (
              <Link href="/team/projects/new" className="rounded-xl bg-bolt-700 px-4 py-2 text-sm font-semibold text-white">
                New project
              </Link>
            ) : (
              <span className="rounded-full bg-zinc-100 px-3 py-1 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">Read-only</span>
            )}
          </div>
          <ScrollRegion label={`Projects of ${team.name}`} className="overflow-x-auto rounded-2xl border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
                <tr>
                  <th className="px-4 py-2 font-medium">Project</th>
                  <th className="px-4 py-2 font-medium">Type</th>
                  <th className="px-4 py-2 font-medium">Status</th>
                  <th className="px-4 py-2 text-right font-medium">Reward</th>
                  <th className="px-4 py-2 text-right font-medium">Items</th>
                  <th className="px-4 py-2 text-right font-medium">Judgments</th>
                </tr>
              </thead>
              <tbody>
                {team.projects.length === 0 && (
                  <tr className="border-t border-zinc-200 dark:border-zinc-800">
                    <td colSpan={6} className="px-4 py-6 text-center text-zinc-500">
                      No projects yet.{' '}
                      {canChangeTeamWork(team.role) && <Link href="/team/projects/new" className="underline">Create the first one.</Link>}
                    </td>
                  </tr>
                )}
                {team.projects.map((project) => (
                  <tr key={project.id} className="border-t border-zinc-200 dark:border-zinc-800">
                    {/* A title with no spaces must not push the other columns away: it wraps anywhere, full text kept. */}
                    <td className="max-w-xs px-4 py-2 font-medium wrap-anywhere">
                      <Link href={`/team/projects/${project.id}`} title={project.title} className="underline-offset-2 hover:underline">
                        {project.title}
                      </Link>
                    </td>
                    <td className="px-4 py-2">{projectTypeLabel(project)}</td>
                    <td className="px-4 py-2"><ProjectStatusBadge status={project.status} /></td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatSats(project.rewardMsats)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{project._count.items}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{project._count.judgments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
    </div>
  );
}
