import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { isDemoMode } from '@/lib/demo/accounts';
import enTasks from '@/lib/i18n/messages/en/tasks.json';
import esTasks from '@/lib/i18n/messages/es/tasks.json';
import { PreviewHarness } from './_components/preview-harness';
import { buildPreviewSamples } from './_components/samples';

export const metadata: Metadata = { title: 'Task widget preview', robots: { index: false, follow: false } };

const messagesByLocale = { en: enTasks, es: esTasks } as const;

/**
 * Dev/demo only: every task widget with sample content, each showing the answer it submits.
 * ?lang=es for Spanish; ?only=<sample id> for one sample with its real (fixed) bottom bar.
 */
export default async function TaskPreviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if (!isDemoMode()) notFound();
  const params = await searchParams;
  const locale = params.lang === 'es' ? 'es' : 'en';
  const samples = buildPreviewSamples();
  const only = typeof params.only === 'string' ? samples.find((s) => s.id === params.only) : undefined;
  if (typeof params.only === 'string' && !only) notFound();

  return (
    <NextIntlClientProvider locale={locale} messages={{ tasks: messagesByLocale[locale] }} timeZone="UTC" now={new Date()} formats={{}}>
      <main className="mx-auto max-w-md px-4 py-5">
        <header className="mb-6 space-y-2">
          <p className="text-sm font-semibold uppercase tracking-wide text-bolt-700">⚡ Boltwork · dev</p>
          <h1 className="text-2xl font-bold">Task widget preview</h1>
          <nav className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-500">
            <a className="underline" href={`?lang=${locale === 'en' ? 'es' : 'en'}${only ? `&only=${only.id}` : ''}`}>
              {locale === 'en' ? 'Español' : 'English'}
            </a>
            {only && <a className="underline" href={`?lang=${locale}`}>All samples</a>}
          </nav>
        </header>
        <PreviewHarness samples={only ? [only] : samples} single={!!only} locale={locale} />
      </main>
    </NextIntlClientProvider>
  );
}
