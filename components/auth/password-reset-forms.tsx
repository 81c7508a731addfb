'use client';
import { useActionState } from 'react';
import { requestPasswordResetAction, resetPasswordAction, type ResetFormState } from '@/lib/auth/password-reset-actions';

const inputClass = 'w-full rounded-xl border border-zinc-300 bg-white px-4 py-3 text-base dark:border-zinc-700 dark:bg-zinc-900';
const buttonClass = 'rounded-xl bg-zinc-900 px-5 py-3 font-semibold text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900';

function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
      {message}
    </p>
  );
}

function FieldError({ errors }: { errors?: string[] }) {
  return errors?.[0] ? <span className="text-sm text-red-600">{errors[0]}</span> : null;
}

export function ForgotPasswordForm({ minutes }: { minutes: number }) {
  const [state, formAction, isPending] = useActionState<ResetFormState, FormData>(requestPasswordResetAction, {});
  if (state.sent) {
    return (
      <p role="status" className="rounded-xl bg-emerald-50 p-4 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
        If an ML team member or admin has the address {state.email}, a link to choose a new password is on its way. It
        works once, for {minutes} minutes.
      </p>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email} className={inputClass} />
        <FieldError errors={state.fieldErrors?.email} />
      </label>
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Sending…' : 'Send me a link'}
      </button>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, isPending] = useActionState<ResetFormState, FormData>(resetPasswordAction, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">New password</span>
        <input name="password" type="password" autoComplete="new-password" required className={inputClass} />
        <FieldError errors={state.fieldErrors?.password} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">The same again</span>
        <input name="confirm" type="password" autoComplete="new-password" required className={inputClass} />
        <FieldError errors={state.fieldErrors?.confirm} />
      </label>
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Saving…' : 'Save the new password'}
      </button>
    </form>
  );
}
