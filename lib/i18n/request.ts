import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { isLocale, localeCookieName, pickLocale } from './locales';
import { loadMessages } from './messages';

// No locale in URLs: a worker's choice lives in a cookie (and on their profile); otherwise the browser's.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(localeCookieName)?.value;
  const locale = isLocale(chosen) ? chosen : pickLocale((await headers()).get('accept-language'));
  return { locale, messages: await loadMessages(locale), timeZone: 'UTC' };
});
