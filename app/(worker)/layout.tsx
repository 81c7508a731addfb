import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { AppHeader } from '@/components/shell/app-header';
import { WorkerNav } from '@/components/shell/worker-nav';
import { requirePageRole } from '@/lib/auth/viewer';

export default async function WorkerLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageRole('WORKER', '/tasks');
  const [messages, t] = await Promise.all([getMessages(), getTranslations('worker.nav')]);
  return (
    // Only the strings client components need travel to the phone.
    <NextIntlClientProvider messages={{ tasks: messages.tasks, worker: messages.worker }}>
      <AppHeader area="" who={viewer.worker?.displayName ?? 'Worker'} home="/tasks" />
      <main className="mx-auto max-w-md px-4 pb-28 pt-4">{children}</main>
      <WorkerNav labels={{ tasks: t('tasks'), earnings: t('earnings'), withdraw: t('withdraw') }} />
    </NextIntlClientProvider>
  );
}
