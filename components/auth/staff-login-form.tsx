'use client';
import { useActionState } from 'react';
import { signInWithPasswordAction, type FormState } from '@/lib/auth/actions';

const inputClass =
  'w-full rounded-xl border border-zinc-300 bg-white px-4 py-3 text-base dark:border-zinc-700 dark:bg-zinc-900';

export function StaffLoginForm({ next }: { next?: string }) {
  const [state, formAction, isPending] = useActionState<FormState, FormData>(signInWithPasswordAction, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email} className={inputClass} />
        {state.fieldErrors?.email && <span className="text-sm text-red-600">{state.fieldErrors.email[0]}</span>}
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
        {state.fieldErrors?.password && <span className="text-sm text-red-600">{state.fieldErrors.password[0]}</span>}
      </label>
      {state.error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={isPending}
        className="rounded-xl bg-zinc-900 px-5 py-3 font-semibold text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
