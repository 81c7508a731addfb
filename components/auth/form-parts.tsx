// Pieces the sign-in area's forms share (password reset, invite accept).
export const inputClass = 'w-full rounded-xl border border-zinc-300 bg-white px-4 py-3 text-base dark:border-zinc-700 dark:bg-zinc-900';
export const buttonClass = 'rounded-xl bg-zinc-900 px-5 py-3 font-semibold text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900';

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
      {message}
    </p>
  );
}

export function FieldError({ errors }: { errors?: string[] }) {
  return errors?.[0] ? <span className="text-sm text-red-600">{errors[0]}</span> : null;
}

/** A new password, typed twice (fields `password` and `confirm`), with the server's messages under each. */
export function NewPasswordFields({ label, fieldErrors }: { label: string; fieldErrors?: Record<string, string[] | undefined> }) {
  return (
    <>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">{label}</span>
        <input name="password" type="password" autoComplete="new-password" required className={inputClass} />
        <FieldError errors={fieldErrors?.password} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">The same again</span>
        <input name="confirm" type="password" autoComplete="new-password" required className={inputClass} />
        <FieldError errors={fieldErrors?.confirm} />
      </label>
    </>
  );
}
