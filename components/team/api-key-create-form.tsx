'use client';
import { useActionState } from 'react';
import { createApiKeyAction, type CreateApiKeyState } from '@/lib/api/actions';
import { CopyButton } from '@/components/ui/copy-button';

/** Creates a key and shows it exactly once, with a copy button; it cannot be shown again. */
export function ApiKeyCreateForm() {
  const [state, formAction, isPending] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, null);
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="block flex-1 space-y-1">
          <span className="text-sm font-medium">Key name</span>
          <input
            name="name"
            required
            maxLength={100}
            placeholder="e.g. training pipeline"
            className="w-full rounded-xl border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" name="readOnly" /> Read-only
        </label>
        <button type="submit" disabled={isPending} className="rounded-xl bg-bolt-700 px-4 py-2 font-semibold text-white disabled:opacity-60">
          {isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {state && !state.ok && <p role="alert" className="text-sm text-red-600">{state.error}</p>}
      {state?.ok && (
        <div role="status" className="space-y-2 rounded-2xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
          <p className="text-sm font-medium text-emerald-900 dark:text-emerald-200">
            Key “{state.name}” created. Copy it now: it is shown only this once.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <code data-testid="new-api-key" className="block flex-1 break-all rounded-lg bg-white p-2 font-mono text-xs dark:bg-zinc-900">
              {state.key}
            </code>
            <CopyButton key={state.key} text={state.key} label="Copy" copiedLabel="Copied" />
          </div>
        </div>
      )}
    </div>
  );
}
