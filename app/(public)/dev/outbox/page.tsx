import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { isDemoMode } from '@/lib/demo/accounts';

export const metadata: Metadata = { title: 'Outbox' };

/** Demo mode only: the mail the app would have sent (no SMTP server is configured in a demo). */
export default async function OutboxPage() {
  if (!isDemoMode()) notFound();
  const mails = await db.outboxMail.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
  return (
    <main className="mx-auto max-w-2xl space-y-4 px-5 py-8">
      <h1 className="text-2xl font-bold">Outbox</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">The last 20 mails, newest first. With SMTP_URL set, mail goes out instead.</p>
      {mails.length === 0 && <p className="text-zinc-500">No mail yet.</p>}
      <ul className="space-y-4">
        {mails.map((mail) => (
          <li key={mail.id} className="space-y-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="outbox-mail">
            <p className="text-sm text-zinc-500">
              To {mail.to} · {mail.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC
            </p>
            <p className="font-semibold">{mail.subject}</p>
            <pre className="whitespace-pre-wrap break-words font-sans text-sm">{mail.text}</pre>
          </li>
        ))}
      </ul>
    </main>
  );
}
