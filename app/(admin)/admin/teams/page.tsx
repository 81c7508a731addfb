import type { Metadata } from 'next';
import { AdminNav, buttonClass, inputClass } from '@/components/admin/overview-nav';
import { ActionForm } from '@/components/ui/action-form';
import { createTeamAction, inviteTeamOwnerAction } from '@/lib/admin/actions';
import { listTeamsForAdmin } from '@/lib/admin/teams';
import { requirePageRole } from '@/lib/auth/viewer';
import { INVITE_DAYS } from '@/lib/teams/invites';
import { teamRoleLabels } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Teams' };

export default async function AdminTeamsPage() {
  await requirePageRole('ADMIN', '/admin/teams');
  const teams = await listTeamsForAdmin();
  return (
    <div className="space-y-6">
      <AdminNav current="/admin/teams" />
      <h1 className="text-2xl font-bold">Teams</h1>

      <section className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="font-semibold">Create a team</h2>
        <p className="text-sm text-zinc-500">
          The first owner gets an invite by mail (a link that works once, for {INVITE_DAYS} days) and sets their own password. Owners invite the
          rest of their team. Admin accounts cannot be team members.
        </p>
        <ActionForm action={createTeamAction} submitLabel="Create team and invite owner" pendingLabel="Creating…" buttonClassName={buttonClass}>
          <label className="flex flex-1 flex-col gap-1">
            <span className="text-sm font-medium">Team name</span>
            <input name="name" required minLength={2} maxLength={80} className={inputClass} />
          </label>
          <label className="flex flex-1 flex-col gap-1">
            <span className="text-sm font-medium">Owner email</span>
            <input name="ownerEmail" type="email" required maxLength={254} className={inputClass} />
          </label>
        </ActionForm>
      </section>

      {teams.length === 0 && <p className="text-zinc-500">No teams yet.</p>}
      <ul className="space-y-3">
        {teams.map((team) => (
          <li key={team.id} className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="admin-team">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold break-words">{team.name}</p>
              <span className="text-sm text-zinc-500">created {team.createdAt.toISOString().slice(0, 10)}</span>
            </div>
            <p className="text-sm tabular-nums" data-testid="admin-team-counts">
              {team.members} {team.members === 1 ? 'member' : 'members'} ({team.owners} {team.owners === 1 ? 'owner' : 'owners'}, {team.readOnly} read-only) ·{' '}
              {team._count.projects} projects
            </p>
            {team.invites.length > 0 && (
              <p className="text-sm text-zinc-500 break-all">
                Pending invites: {team.invites.map((invite) => `${invite.email} (${teamRoleLabels[invite.role].toLowerCase()})`).join(', ')}
              </p>
            )}
            <details>
              <summary className="cursor-pointer text-sm font-medium">Invite an owner</summary>
              <div className="mt-2">
                <ActionForm action={inviteTeamOwnerAction} submitLabel="Send owner invite" pendingLabel="Sending…" buttonClassName={buttonClass}>
                  <input type="hidden" name="teamId" value={team.id} />
                  <input name="email" type="email" required maxLength={254} aria-label={`Owner email for ${team.name}`} className={`${inputClass} flex-1`} />
                </ActionForm>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
