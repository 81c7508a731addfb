'use client';
import { useActionState } from 'react';
import { requestPasswordResetAction, resetPasswordAction, type ResetFormState } from '@/lib/auth/password-reset-actions';
import { buttonClass, FieldError, FormError, inputClass, NewPasswordFields } from './form-parts';

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
      <NewPasswordFields label="New password" fieldErrors={state.fieldErrors} />
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Saving…' : 'Save the new password'}
      </button>
    </form>
  );
}
