'use client';
import { useActionState } from 'react';
import { acceptInviteAsViewerAction, acceptInviteWithNewAccountAction, type AcceptFormState } from '@/lib/teams/invite-actions';
import { buttonClass, FieldError, FormError, inputClass, NewPasswordFields } from './form-parts';

/** A new account for the invited address: a name and a password, then straight into the team. */
export function AcceptWithNewAccountForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, isPending] = useActionState<AcceptFormState, FormData>(acceptInviteWithNewAccountAction, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Email</span>
        <input type="email" value={email} readOnly autoComplete="username" className={`${inputClass} text-zinc-500`} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Your name</span>
        <input name="name" autoComplete="name" required maxLength={120} defaultValue={state.name} className={inputClass} />
        <FieldError errors={state.fieldErrors?.name} />
      </label>
      <NewPasswordFields label="Choose a password" fieldErrors={state.fieldErrors} />
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Joining…' : 'Create my account and join'}
      </button>
    </form>
  );
}

/** The signed-in account with the invited address joins with one tap. */
export function AcceptAsViewerForm({ token, teamName }: { token: string; teamName: string }) {
  const [state, formAction, isPending] = useActionState<AcceptFormState, FormData>(acceptInviteAsViewerAction, {});
  return (
    <form action={formAction} className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Joining…' : `Join ${teamName}`}
      </button>
    </form>
  );
}
