'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';

const LINE_HEIGHT_REM = 1.625; // leading-relaxed at text-base, what <Markdown> uses

/**
 * Clamps long server-rendered content to about `lines` lines, with a Show more / Show less toggle that
 * appears only when the content actually overflows.
 */
export function Collapsible({ children, lines = 12 }: { children: React.ReactNode; lines?: number }) {
  const t = useTranslations('tasks');
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el || expanded) return;
    const measure = () => setOverflows(el.scrollHeight > el.clientHeight + 2);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [expanded]);

  function toggle() {
    if (expanded) {
      setExpanded(false);
      // Collapsing can leave the reader far below; bring the start of the block back into view.
      const top = box.current?.getBoundingClientRect().top ?? 0;
      if (top < 0) box.current?.scrollIntoView({ block: 'start' });
    } else {
      setExpanded(true);
    }
  }

  const clamped = !expanded;
  return (
    <div>
      <div
        id={id}
        ref={box}
        className={clamped && overflows ? 'overflow-hidden [mask-image:linear-gradient(to_bottom,#000_calc(100%-3rem),transparent)]' : clamped ? 'overflow-hidden' : undefined}
        style={clamped ? { maxHeight: `${lines * LINE_HEIGHT_REM}rem` } : undefined}
      >
        {children}
      </div>
      {overflows && (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={toggle}
          className="mt-1 -mb-2 inline-flex min-h-11 items-center rounded-lg px-1 text-sm font-semibold text-bolt-700 focus-visible:outline-2 focus-visible:outline-bolt-500 dark:text-bolt-400"
        >
          {expanded ? t('showLess') : t('showMore')}
        </button>
      )}
    </div>
  );
}
