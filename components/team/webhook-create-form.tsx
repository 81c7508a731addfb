'use client';
import { useState, useTransition } from 'react';
import { createWebhookAction } from '@/lib/webhooks/actions';
import { createWebhookInputSchema, webhookEventDescriptions, webhookEvents, type CreatedWebhookDto, type WebhookEvent } from '@/lib/webhooks/schemas';
import { CopyButton } from '@/components/ui/copy-button';

/** Adds a webhook; the signing secret comes back once and is shown here until the team dismisses it. */
export function WebhookCreateForm() {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['batch.completed']);
  const [created, setCreated] = useState<CreatedWebhookDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const toggle = (event: WebhookEvent) => setEvents((current) => (current.includes(event) ? current.filter((e) => e !== event) : [...current, event]));

  const submit = () =>
    startTransition(async () => {
      setError(null);
      const parsed = createWebhookInputSchema.safeParse({ url, events });
      if (!parsed.success) {
        setError(parsed.error.issues[0]?.message ?? 'Invalid webhook.');
        return;
      }
      const result = await createWebhookAction(parsed.data);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setCreated(result.webhook);
      setUrl('');
    });

  if (created) {
    return (
      <div className="space-y-3 rounded-2xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950" data-testid="webhook-secret">
        <p className="font-semibold">Webhook added. Copy its signing secret now: it is not shown again.</p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Deliveries to {created.url} are signed with it (see the docs for how to verify).</p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <code className="block flex-1 break-all rounded-lg bg-white p-2 font-mono text-sm dark:bg-zinc-900">{created.secret}</code>
          <CopyButton key={created.secret} text={created.secret} label="Copy secret" copiedLabel="Copied" className="rounded-lg border border-zinc-300 px-4 py-2 text-sm font-medium dark:border-zinc-700" />
        </div>
        <button type="button" onClick={() => setCreated(null)} className="text-sm font-medium text-bolt-700 underline dark:text-bolt-400">
          I saved it — done
        </button>
      </div>
    );
  }

  return (
    <form
      className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2 className="font-semibold">Add a webhook</h2>
      <label className="block space-y-1">
        <span className="text-sm font-medium">Endpoint URL</span>
        <input
          name="url"
          type="url"
          inputMode="url"
          required
          placeholder="https://example.com/boltwork/webhooks"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          className="w-full rounded-xl border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Events</legend>
        {webhookEvents.map((event) => (
          <label key={event} className="flex min-h-11 items-start gap-2 py-2.5 text-sm">
            <input type="checkbox" name="events" value={event} checked={events.includes(event)} onChange={() => toggle(event)} className="mt-1" />
            <span>
              <code className="font-mono">{event}</code> <span className="text-zinc-500">— {webhookEventDescriptions[event]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={isPending} className="rounded-xl bg-bolt-700 px-5 py-2 font-semibold text-white disabled:opacity-60">
        {isPending ? 'Adding…' : 'Add webhook'}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
