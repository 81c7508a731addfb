import type { Metadata } from 'next';
import Link from 'next/link';
import { WebhookCreateForm } from '@/components/team/webhook-create-form';
import { WebhookDeliveries } from '@/components/team/webhook-deliveries';
import { WebhookRowActions } from '@/components/team/webhook-row-actions';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { requirePageRole } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { requireTeamMember, type TeamMemberActor } from '@/lib/teams/access';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { AUTO_DISABLE_AFTER_FAILURES } from '@/lib/webhooks/schemas';
import { listDeliveries, listWebhooks } from '@/lib/webhooks/service';

export const metadata: Metadata = { title: 'Webhooks' };

const RECENT_DELIVERIES = 10;

export default async function WebhooksPage() {
  await requirePageRole('REQUESTER', '/team/webhooks');
  let actor: TeamMemberActor;
  try {
    actor = await requireTeamMember();
  } catch (error) {
    if (isAppError(error)) return <p className="text-zinc-500">You are not in a team yet.</p>;
    throw error;
  }
  const webhooks = await listWebhooks(actor);
  const canChange = canChangeTeamWork(actor.role);
  const deliveries = await Promise.all(webhooks.map((webhook) => listDeliveries(actor, webhook.id, RECENT_DELIVERIES)));

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/team" className="text-sm text-zinc-500 underline">
          ← All projects
        </Link>
        <h1 className="text-2xl font-bold">Webhooks</h1>
        <p className="text-sm text-zinc-500">
          Boltwork POSTs a signed JSON event to your endpoint when something happens. Failed deliveries are retried with backoff for about an
          hour. See <code className="font-mono">docs/webhooks.md</code> for payloads and signature checks.
        </p>
      </div>

      {canChange ? <WebhookCreateForm /> : <ReadOnlyNotice what="add or change webhooks" />}

      {webhooks.length === 0 ? (
        <p className="text-zinc-500">No webhooks yet.</p>
      ) : (
        <ul className="space-y-4">
          {webhooks.map((webhook, index) => (
            <li key={webhook.id} className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="webhook">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0 space-y-1">
                  <p className="break-all font-mono text-sm font-semibold">{webhook.url}</p>
                  <p className="text-xs text-zinc-500">
                    {webhook.events.join(', ')} · {webhook.lastSentAt ? `last delivered ${new Date(webhook.lastSentAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never delivered'}
                  </p>
                </div>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${webhook.active ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}
                >
                  {webhook.active ? 'active' : 'disabled'}
                  {webhook.failureCount > 0 && ` · ${webhook.failureCount} failed in a row`}
                </span>
              </div>
              {webhook.isAutoDisabled && (
                <p role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
                  We switched this webhook off after {AUTO_DISABLE_AFTER_FAILURES} deliveries in a row failed. Fix the endpoint, send a test, then enable
                  it again.
                </p>
              )}
              {canChange && <WebhookRowActions webhookId={webhook.id} active={webhook.active} />}
              <details open={index === 0}>
                <summary className="cursor-pointer text-sm font-medium">Recent deliveries</summary>
                <div className="mt-2">
                  <WebhookDeliveries deliveries={deliveries[index]} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
