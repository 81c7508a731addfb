import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from '@/components/auth/password-reset-forms';
import { RESET_MINUTES } from '@/lib/auth/password-reset';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default function ForgotPasswordPage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/login/email" className="-my-3 self-start py-3 text-sm font-semibold text-bolt-700">⚡ Boltwork</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Forgot your password?</h1>
        <p className="text-zinc-600 dark:text-zinc-400">We mail a link to choose a new one to ML team members and admins.</p>
      </div>
      <ForgotPasswordForm minutes={RESET_MINUTES} />
      {isDemoMode() && (
        <p className="text-sm text-zinc-500">
          Demo mode sends no real mail: it lands in the <Link href="/dev/outbox" className="underline">outbox</Link>.
        </p>
      )}
      <Link href="/login/email" className="text-center text-sm text-zinc-500 underline">Back to sign in</Link>
    </main>
  );
}
