import type { Metadata } from 'next';
import { ActionForm } from '@/components/ui/action-form';
import { requirePageRole } from '@/lib/auth/viewer';
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } from '@/lib/teams/actions';
import { INVITE_DAYS } from '@/lib/teams/invites';
import { getTeamPeoplePage } from '@/lib/teams/queries';
import { canManagePeople, teamRoleLabels, teamRoles } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Members' };

const inputClass = 'min-w-0 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const day = (date: Date) => date.toISOString().slice(0, 10);

function RoleSelect({ defaultValue, label }: { defaultValue: string; label: string }) {
  return (
    <select name="role" defaultValue={defaultValue} aria-label={label} className={inputClass}>
      {teamRoles.map((role) => (
        <option key={role} value={role}>{teamRoleLabels[role]}</option>
      ))}
    </select>
  );
}

/** The ids a people action acts on (the server checks the caller owns the team, and that the rest is in it). */
function Target({ fields }: { fields: Record<string, string> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

export default async function TeamMembersPage() {
  await requirePageRole('REQUESTER', '/team/members');
  const { viewer, teams } = await getTeamPeoplePage();
  return (
    <div className="space-y-10">
      {teams.length === 0 && <p className="text-zinc-500">You are not in a team yet.</p>}
      {teams.map((team) => {
        const isOwner = canManagePeople(team.viewerRole);
        return (
          <section key={team.id} className="space-y-4" data-testid="team-people">
            <div className="space-y-1">
              <h1 className="text-2xl font-bold">{team.name}: members</h1>
              <p className="text-sm text-zinc-500">
                You are {teamRoleLabels[team.viewerRole].toLowerCase()} here. Owners invite people and set roles; members run projects, funding,
                exports, keys and webhooks; read-only members see everything and download exports.
              </p>
            </div>

            <ul className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
              {team.members.map((member) => (
                <li key={member.user.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="team-member">
                  <div className="min-w-0">
                    <p className="font-medium break-words">
                      {member.user.name ?? member.user.email}
                      {member.user.id === viewer.userId && <span className="text-zinc-500"> (you)</span>}
                    </p>
                    <p className="text-sm text-zinc-500 break-all">
                      {member.user.email} · {teamRoleLabels[member.role]} · since {day(member.createdAt)}
                    </p>
                  </div>
                  {isOwner && (
                    <div className="flex flex-wrap items-start gap-2">
                      <ActionForm action={changeMemberRoleAction} submitLabel="Change role" pendingLabel="Saving…">
                        <Target fields={{ teamId: team.id, userId: member.user.id }} />
                        <RoleSelect defaultValue={member.role} label={`Role of ${member.user.email ?? member.user.name ?? 'member'}`} />
                      </ActionForm>
                      <ActionForm
                        action={removeMemberAction}
                        submitLabel="Remove"
                        pendingLabel="Removing…"
                        buttonClassName="rounded-lg border border-red-300 px-3 py-2 text-sm font-semibold text-red-700"
                      >
                        <Target fields={{ teamId: team.id, userId: member.user.id }} />
                      </ActionForm>
                    </div>
                  )}
                </li>
              ))}
            </ul>

            {isOwner && (
              <div className="space-y-4">
                <h2 className="text-lg font-semibold">Invite someone</h2>
                <p className="text-sm text-zinc-500">
                  They get a link by mail that works once, for {INVITE_DAYS} days. Inviting the same address again replaces the earlier link.
                </p>
                <ActionForm
                  action={inviteMemberAction}
                  submitLabel="Send invite"
                  pendingLabel="Sending…"
                  buttonClassName="rounded-lg bg-bolt-700 px-4 py-2 text-sm font-semibold text-white"
                >
                  <input type="hidden" name="teamId" value={team.id} />
                  <label className="flex min-w-64 flex-1 flex-col gap-1">
                    <span className="text-sm font-medium">Email</span>
                    <input name="email" type="email" required maxLength={254} className={inputClass} />
                  </label>
                  <label className="flex flex-col gap-1">
                    <span className="text-sm font-medium">Role</span>
                    <RoleSelect defaultValue="MEMBER" label="Role" />
                  </label>
                </ActionForm>

                {team.invites.length > 0 && (
                  <div className="space-y-2">
                    <h3 className="font-semibold">Pending invites</h3>
                    <ul className="space-y-2">
                      {team.invites.map((invite) => (
                        <li key={invite.id} className="flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="team-invite">
                          <span className="break-all">
                            {invite.email} · {teamRoleLabels[invite.role]} · until {day(invite.expiresAt)}
                          </span>
                          <ActionForm action={revokeInviteAction} submitLabel="Withdraw" pendingLabel="Withdrawing…">
                            <Target fields={{ teamId: team.id, inviteId: invite.id }} />
                          </ActionForm>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
