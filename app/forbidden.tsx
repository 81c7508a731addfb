import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-5">
      <p className="text-sm font-semibold uppercase tracking-wide text-bolt-700">403</p>
      <h1 className="text-2xl font-bold">This area isn’t yours</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Your account doesn’t have access to this page. Sign in with another account, or go back home.
      </p>
      <Link href="/" className="font-medium text-bolt-700 underline dark:text-bolt-400">
        Back to Boltwork
      </Link>
    </main>
  );
}
