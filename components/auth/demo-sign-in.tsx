import { devSignInAction } from '@/lib/auth/actions';

const roles = [
  { role: 'WORKER', label: 'Worker' },
  { role: 'REQUESTER', label: 'ML team' },
  { role: 'ADMIN', label: 'Admin' },
] as const;

/** Shown only in demo mode: one-tap sign-in as each demo user. */
export function DemoSignIn() {
  return (
    <section className="rounded-2xl border border-dashed border-zinc-300 p-4 dark:border-zinc-700" aria-label="Demo sign-in">
      <h2 className="text-sm font-semibold">Demo mode</h2>
      <p className="mb-3 text-sm text-zinc-500">Skip the wallet and password: sign in as a demo user.</p>
      <div className="grid grid-cols-3 gap-2">
        {roles.map(({ role, label }) => (
          <form key={role} action={devSignInAction}>
            <input type="hidden" name="role" value={role} />
            <button type="submit" className="w-full rounded-lg bg-zinc-100 px-2 py-3 text-sm font-medium dark:bg-zinc-800">
              {label}
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}
