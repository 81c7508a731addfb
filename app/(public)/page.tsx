import Link from 'next/link';

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-8 px-5 py-10">
      <div className="space-y-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-bolt-700">⚡ Boltwork</p>
        <h1 className="text-3xl font-bold leading-tight">Earn bitcoin with your judgment.</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          Compare AI answers, label items and rewrite responses from your phone. Every approved task pays you in
          sats over Lightning, right away.
        </p>
      </div>
      <div className="flex flex-col gap-3">
        <Link
          href="/login"
          className="rounded-xl bg-bolt-700 px-5 py-4 text-center text-lg font-semibold text-white shadow-sm active:bg-bolt-800"
        >
          Start earning
        </Link>
        <Link
          href="/login/email"
          className="rounded-xl border border-zinc-300 px-5 py-3 text-center font-medium dark:border-zinc-700"
        >
          ML team or admin? Sign in
        </Link>
      </div>
    </main>
  );
}
