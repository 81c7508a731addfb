import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetPasswordForm } from '@/components/auth/password-reset-forms';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-8">
      <Link href="/login/email" className="-my-3 self-start py-3 text-sm font-semibold text-bolt-700">⚡ Boltwork</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Choose a new password</h1>
        <p className="text-zinc-600 dark:text-zinc-400">Every device signed in to this account is signed out.</p>
      </div>
      {typeof token === 'string' && token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-700">This link is incomplete. Open the whole link from the mail, or ask for a new one.</p>
      )}
      <Link href="/login/email/forgot" className="text-center text-sm text-zinc-500 underline">Ask for a new link</Link>
    </main>
  );
}
