// The task widgets read their strings with next-intl: the team pages preview them in English, like the rest of the team UI.
import { NextIntlClientProvider } from 'next-intl';
import enTasks from '@/lib/i18n/messages/en/tasks.json';

export function TaskPreviewProvider({ children }: { children: React.ReactNode }) {
  return (
    <NextIntlClientProvider locale="en" messages={{ tasks: enTasks }} timeZone="UTC" formats={{}}>
      {children}
    </NextIntlClientProvider>
  );
}
