// A box whose content may scroll sideways or down (a wide table, a long code sample). It takes keyboard focus, so
// arrow keys scroll it without a mouse (WCAG 2.1.1, axe scrollable-region-focusable), and it is a named region, so a
// screen reader says what the focused box holds.

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-bolt-500';

export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`${className ?? ''} ${focusRing}`}>
      {children}
    </div>
  );
}

/**
 * A preformatted block (code, JSON) that scrolls, focusable like ScrollRegion. Without a `label` (blocks repeated in
 * a list, whose names would not be unique) it is focusable only, not a region.
 */
export function ScrollPre({ label, className, children }: { label?: string; className?: string; children: React.ReactNode }) {
  const region = label ? { role: 'region', 'aria-label': label } : {};
  return (
    <pre {...region} tabIndex={0} className={`${className ?? ''} ${focusRing}`}>
      {children}
    </pre>
  );
}
