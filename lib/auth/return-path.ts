// Where a sign-in may send the user afterwards: only a path on this site. Kept free of server imports so the login
// pages, the actions and their tests share one rule.

const ORIGIN = 'https://boltwork.invalid';

/**
 * `next` when it is a same-site path, else null. Browsers drop tabs and newlines anywhere in a URL and trim C0
 * controls and spaces around it, so `/\t/evil.example` becomes `//evil.example` (another site): any control
 * character, space or backslash is refused outright, and what is left must resolve to this origin.
 */
export function safeReturnPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 500) return null;
  if (!next.startsWith('/') || /[\u0000-\u0020\u007f\\]/.test(next)) return null;
  let resolved: URL;
  try {
    resolved = new URL(next, ORIGIN);
  } catch {
    return null;
  }
  return resolved.origin === ORIGIN && !next.startsWith('//') ? next : null;
}
