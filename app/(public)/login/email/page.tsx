import type { Metadata } from 'next';
import Link from 'next/link';
import { StaffLoginForm } from '@/components/auth/staff-login-form';
import { DemoSignIn } from '@/components/auth/demo-sign-in';
import { safeReturnPath } from '@/lib/auth/viewer';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Sign in' };

export default async function StaffLoginPage({ searchParams }: { searchParams: Promise<{ next?: string; reset?: string }> }) {
  const params = await searchParams;
  const next = safeReturnPath(params.next) ?? undefined;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/" className="-my-3 self-start py-3 text-sm font-semibold text-bolt-700">⚡ Boltwork</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Sign in to Boltwork</h1>
        <p className="text-zinc-600 dark:text-zinc-400">For ML team members and admins.</p>
      </div>
      {params.reset === '1' && (
        <p role="status" className="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
          Your new password is saved. Sign in with it.
        </p>
      )}
      <StaffLoginForm next={next} />
      <Link href="/login/email/forgot" className="-mt-2 text-sm text-zinc-500 underline">
        Forgot your password?
      </Link>
      {isDemoMode() && <DemoSignIn />}
      <Link href="/login" className="text-center text-sm text-zinc-500 underline">
        Doing tasks? Sign in with your Lightning wallet
      </Link>
    </main>
  );
}
