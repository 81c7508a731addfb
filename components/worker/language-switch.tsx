import { localeNames, locales, type Locale } from '@/lib/i18n/locales';
import { setLocaleAction } from '@/lib/workers/actions';

export function LanguageSwitch({ current, label }: { current: Locale; label: string }) {
  return (
    <form action={setLocaleAction} className="flex items-center justify-center gap-2 text-sm text-zinc-500">
      <span>{label}:</span>
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          aria-pressed={locale === current}
          className="min-h-11 rounded-lg px-3 py-2 font-medium aria-pressed:bg-zinc-100 aria-pressed:text-zinc-900 dark:aria-pressed:bg-zinc-800 dark:aria-pressed:text-zinc-100"
        >
          {localeNames[locale]}
        </button>
      ))}
    </form>
  );
}
