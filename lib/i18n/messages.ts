import 'server-only';
import type { Locale } from './locales';

// One JSON file per namespace and locale, so features own their strings.
const namespaces = ['common', 'auth', 'worker', 'tasks'] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    namespaces.map(async (namespace) => [namespace, (await import(`./messages/${locale}/${namespace}.json`)).default] as const),
  );
  return Object.fromEntries(entries);
}
