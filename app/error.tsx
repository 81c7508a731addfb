'use client';

/** Unexpected errors: the server logged the details; the user gets a way forward, never a stack. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-5">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Nothing you did was lost. Try again; if it keeps happening, quote this reference: {error.digest ?? 'n/a'}.
      </p>
      <button onClick={reset} className="rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white">
        Try again
      </button>
    </main>
  );
}
