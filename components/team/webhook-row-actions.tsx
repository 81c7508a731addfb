'use client';
import { useState, useTransition } from 'react';
import { deleteWebhookAction, sendTestEventAction, setWebhookActiveAction, type WebhookActionResult } from '@/lib/webhooks/actions';

/** Send test, enable/disable and delete for one webhook. The page re-renders from the server after each. */
export function WebhookRowActions({ webhookId, active }: { webhookId: string; active: boolean }) {
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isPending, startTransition] = useTransition();

  const run = (action: () => Promise<WebhookActionResult>, done: string) =>
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? { text: done, isError: false } : { text: result.error, isError: true });
    });

  const button = 'rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium disabled:opacity-60 dark:border-zinc-700';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={isPending} className={button} onClick={() => run(() => sendTestEventAction(webhookId), 'Test event queued.')}>
        Send test
      </button>
      <button
        type="button"
        disabled={isPending}
        className={button}
        onClick={() => run(() => setWebhookActiveAction(webhookId, !active), active ? 'Disabled.' : 'Enabled.')}
      >
        {active ? 'Disable' : 'Enable'}
      </button>
      <button
        type="button"
        disabled={isPending}
        className="rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 disabled:opacity-60"
        onClick={() => {
          if (window.confirm('Delete this webhook and its delivery history?')) run(() => deleteWebhookAction(webhookId), 'Deleted.');
        }}
      >
        Delete
      </button>
      {message && (
        <span role={message.isError ? 'alert' : 'status'} className={`text-sm ${message.isError ? 'text-red-600' : 'text-zinc-500'}`}>
          {message.text}
        </span>
      )}
    </div>
  );
}
