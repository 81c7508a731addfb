import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-5">
      <p className="text-sm font-semibold uppercase tracking-wide text-bolt-700">404</p>
      <h1 className="text-2xl font-bold">Nothing here</h1>
      <Link href="/" className="font-medium text-bolt-700 underline dark:text-bolt-400">
        Back to Boltwork
      </Link>
    </main>
  );
}
