import { expect, type Page } from '@playwright/test';

// WCAG 2.5.5 and both phone platforms' guidelines: what a thumb taps is at least 44 × 44 CSS px.
export const MIN_TAP_PX = 44;

/** Interactive elements: what a finger can tap on a worker's page. Focusable scroll boxes are not tap targets. */
const interactive = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="radio"], [role="checkbox"]';

type SmallTarget = { what: string; width: number; height: number };

/**
 * Every visible interactive element under `scope` smaller than MIN_TAP_PX either way. A radio or checkbox counts
 * its label when the label wraps it or names it with `for` (tapping the label ticks it). A link inside a sentence
 * is exempt: WCAG 2.5.8 excepts inline targets, whose size the line of text sets.
 */
export async function findSmallTargets(page: Page, scope = 'body', selector = interactive): Promise<SmallTarget[]> {
  return page.locator(scope).first().evaluate((root, { selector, min }) => {
    const describe = (el: Element) => {
      const name = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.getAttribute('value') ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const type = el.getAttribute('type');
      return `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}> "${name}"`;
    };
    const isInlineLink = (el: Element) => {
      if (el.tagName !== 'A') return false;
      const block = el.parentElement?.closest('p, li, dd, td, blockquote');
      if (!block) return false;
      const own = (el.textContent ?? '').trim().length;
      return (block.textContent ?? '').trim().length > own + 1;
    };
    const found: SmallTarget[] = [];
    for (const el of Array.from(root.querySelectorAll(selector))) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered (closed <details>, sr-only input)
      if (isInlineLink(el)) continue;
      let { width, height } = box;
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
        const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null);
        if (label) {
          // A label may stretch its click area over a whole card with an absolutely placed ::after (inset 0).
          const after = getComputedStyle(label, '::after');
          let area = label.getBoundingClientRect();
          if (after.content !== 'none' && after.position === 'absolute') {
            let holder = label.parentElement;
            while (holder && getComputedStyle(holder).position === 'static') holder = holder.parentElement;
            if (holder) area = holder.getBoundingClientRect();
          }
          width = Math.max(width, area.width);
          height = Math.max(height, area.height);
        }
      }
      if (width < min - 0.5 || height < min - 0.5) found.push({ what: describe(el), width: Math.round(width), height: Math.round(height) });
    }
    return found;
  }, { selector, min: MIN_TAP_PX });
}

/** Soft-fails, under `where`, for each target smaller than 44 × 44 px, listing them all. */
export async function expectTappable(page: Page, where: string, { scope, selector }: { scope?: string; selector?: string } = {}): Promise<void> {
  const small = await findSmallTargets(page, scope, selector);
  const listed = small.map((t) => `  ${t.what}: ${t.width} × ${t.height} px`).join('\n');
  expect.soft(listed, `tap targets under ${MIN_TAP_PX} px on ${where}`).toBe('');
}
