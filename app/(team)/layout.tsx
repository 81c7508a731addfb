import { AppHeader } from '@/components/shell/app-header';
import { TeamNav } from '@/components/team/team-nav';
import { requirePageRole } from '@/lib/auth/viewer';
import { getViewerTeamRole } from '@/lib/teams/queries';
import { canChangeTeamWork } from '@/lib/teams/roles';

export default async function TeamLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageRole('REQUESTER', '/team');
  const role = await getViewerTeamRole();
  return (
    <>
      <AppHeader area="ML team" who={viewer.name ?? viewer.email ?? 'Team member'} home="/team" />
      <TeamNav canChange={role !== null && canChangeTeamWork(role)} />
      <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </>
  );
}
