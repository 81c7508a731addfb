import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { Stat } from '@/components/ui/stat';
import { requirePageRole } from '@/lib/auth/viewer';
import { isDemoMode } from '@/lib/demo/accounts';
import { getProjectFundingForMember } from '@/lib/funding/queries';
import { MIN_DEPOSIT_SATS } from '@/lib/funding/schemas';
import { formatSats, msatsToSats } from '@/lib/ledger/money';
import { closeProjectAction } from '@/lib/projects/actions';
import { loadTeamProjectOrNotFound } from '@/lib/projects/queries';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { FundPanel } from './_components/fund-panel';

export const metadata: Metadata = { title: 'Fund project' };

export default async function FundProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const viewer = await requirePageRole('REQUESTER', `/team/projects/${projectId}/fund`);
  if (!z.uuid().safeParse(projectId).success) notFound();
  // Projects of other teams answer 404, exactly like projects that do not exist.
  const funding = await getProjectFundingForMember(viewer.userId, projectId);
  if (!funding) notFound();
  const loaded = await loadTeamProjectOrNotFound(projectId);
  const canChange = loaded !== null && canChangeTeamWork(loaded.actor.role);

  const shortfallSats = msatsToSats(funding.shortfallMsats);
  const suggestedSats = shortfallSats > BigInt(MIN_DEPOSIT_SATS) ? shortfallSats : BigInt(MIN_DEPOSIT_SATS);
  return (
    <section className="max-w-xl space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-bold">Fund this project</h2>
        <p className="text-sm text-zinc-500">Pay a Lightning invoice; the sats go to this project’s escrow and pay workers per approved task.</p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div data-testid="escrow-balance">
          <Stat label="Escrow balance" value={formatSats(funding.escrowMsats)} />
        </div>
        <Stat label="Still needed" value={formatSats(funding.shortfallMsats)} />
      </div>
      <p className="text-xs text-zinc-500">
        Remaining work costs {formatSats(funding.remainingCostMsats)} (reward plus platform fee for every judgment still to collect).
      </p>
      {!canChange && <ReadOnlyNotice what="fund or close the project" />}
      {canChange && <FundPanel projectId={funding.projectId} suggestedSats={suggestedSats.toString()} isDemo={isDemoMode()} />}
      {canChange && (
        <form action={closeProjectAction} className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <input type="hidden" name="projectId" value={funding.projectId} />
          <p className="mb-2 text-sm text-zinc-500">
            Closing stops new work, ends live tasks, and returns the escrow the project no longer needs to your team balance.
          </p>
          <button type="submit" className="rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700">
            Close project
          </button>
        </form>
      )}
    </section>
  );
}
