import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptAsViewerForm, AcceptWithNewAccountForm } from '@/components/auth/invite-forms';
import { signOutAction } from '@/lib/auth/actions';
import { getViewer } from '@/lib/auth/viewer';
import { getInviteView } from '@/lib/teams/accept';
import { teamRoleLabels } from '@/lib/teams/roles';

// The token is in the path: no referrer may carry it to another site.
export const metadata: Metadata = { title: 'Join a team', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInviteView(token);
  const viewer = invite?.hasAccount ? await getViewer() : null;
  const here = `/invite/${token}`;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/" className="-my-3 self-start py-3 text-sm font-semibold text-bolt-700">⚡ Boltwork</Link>
      {!invite ? (
        <div className="space-y-2">
          <h1 className="text-2xl font-bold">This invite no longer works</h1>
          <p role="alert" className="text-zinc-600 dark:text-zinc-400">
            It has expired, was already used or was replaced by a newer one. Ask the team for a new invite.
          </p>
        </div>
      ) : (
        <>
          <div className="space-y-2">
            <h1 className="text-2xl font-bold break-words">Join {invite.teamName}</h1>
            <p className="text-zinc-600 dark:text-zinc-400">
              {invite.invitedBy ?? 'The team'} invited <strong className="break-all">{invite.email}</strong> to join as{' '}
              {teamRoleLabels[invite.role].toLowerCase()}. The invite works once.
            </p>
          </div>
          {!invite.hasAccount && <AcceptWithNewAccountForm token={token} email={invite.email} />}
          {invite.hasAccount && viewer?.email === invite.email && <AcceptAsViewerForm token={token} teamName={invite.teamName} />}
          {invite.hasAccount && viewer && viewer.email !== invite.email && (
            <form action={signOutAction} className="space-y-3">
              <p className="text-sm">
                You are signed in as {viewer.email ?? 'another account'}. Sign out, then open this link again and sign in as {invite.email}.
              </p>
              <button type="submit" className="rounded-xl border border-zinc-300 px-4 py-2 text-sm font-semibold dark:border-zinc-700">
                Sign out
              </button>
            </form>
          )}
          {invite.hasAccount && !viewer && (
            <div className="space-y-3">
              <p className="text-sm">{invite.email} already has a Boltwork account: sign in with it to accept.</p>
              <Link href={`/login/email?next=${encodeURIComponent(here)}`} className="inline-block rounded-xl bg-zinc-900 px-5 py-3 font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
                Sign in to accept
              </Link>
            </div>
          )}
        </>
      )}
    </main>
  );
}
