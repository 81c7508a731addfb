'use client';
import { useRouter } from 'next/navigation';
import { useEffect, type AnchorHTMLAttributes, type MouseEvent } from 'react';

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/**
 * A link inside the app: navigates without reloading the page and prefetches its target once shown, which is what
 * the worker shell needs from next/link, in a few lines instead of its 4 KiB gzip (the phone pages' JS budget,
 * docs/performance.md). New-tab, download and modified clicks are left to the browser.
 */
export function NavLink({ href, onClick, ...rest }: Props) {
  const router = useRouter();
  useEffect(() => {
    router.prefetch(href);
  }, [router, href]);

  function navigate(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const isPlainClick = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (event.defaultPrevented || !isPlainClick || (rest.target && rest.target !== '_self') || rest.download !== undefined) return;
    event.preventDefault();
    router.push(href);
  }
  return <a href={href} onClick={navigate} {...rest} />;
}
