'use client';
import { useActionState, type ReactNode } from 'react';

export type ActionFormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined>; notice?: string };

/**
 * A form posting to a server action of the `(previous state, form data) => state` shape, with its answer beside it:
 * the error (and each field's message) or the notice. The fields come as children, rendered by the server page.
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel,
  className = 'flex flex-wrap items-end gap-2',
  buttonClassName = 'rounded-lg border border-zinc-300 px-3 py-2 text-sm font-semibold dark:border-zinc-700',
}: {
  action: (state: ActionFormState, formData: FormData) => Promise<ActionFormState>;
  children: ReactNode;
  submitLabel: string;
  pendingLabel: string;
  className?: string;
  buttonClassName?: string;
}) {
  const [state, formAction, isPending] = useActionState(action, {});
  const fieldMessages = Object.values(state.fieldErrors ?? {}).flatMap((messages) => messages?.slice(0, 1) ?? []);
  return (
    <div className="space-y-1">
      <form action={formAction} className={className}>
        {children}
        <button type="submit" disabled={isPending} className={`${buttonClassName} disabled:opacity-60`}>
          {isPending ? pendingLabel : submitLabel}
        </button>
      </form>
      {state.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {[state.error, ...fieldMessages].join(' ')}
        </p>
      )}
      {state.ok && state.notice && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {state.notice}
        </p>
      )}
    </div>
  );
}
