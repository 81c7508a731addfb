// URL policy for requester markdown: only absolute http(s) and mailto links survive, plus same-page
// fragments (GFM footnotes). Everything else (javascript:, data:, vbscript:, relative paths that would
// hit our own routes with the worker's cookies, protocol-relative //host) becomes ''.
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

export function safeMarkdownUrl(url: string | null | undefined): string {
  if (typeof url !== 'string') return '';
  const trimmed = url.trim();
  if (/^#\S*$/.test(trimmed)) return trimmed;
  // Browsers drop tabs/newlines/control characters inside a scheme ("java\tscript:"): judge it without them.
  // eslint-disable-next-line no-control-regex
  const compact = trimmed.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme || !ALLOWED.has(`${scheme[1].toLowerCase()}:`)) return '';
  try {
    // The WHATWG parser (what the browser will use) has the final word.
    const parsed = new URL(trimmed);
    if (!ALLOWED.has(parsed.protocol)) return '';
    if (parsed.protocol !== 'mailto:' && !parsed.hostname) return '';
    return parsed.href;
  } catch {
    return '';
  }
}

export function isExternalUrl(url: string): boolean {
  return url !== '' && !url.startsWith('#');
}

/** A short label for a URL when there is no alt text: host plus path start. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    const text = parsed.hostname + path;
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  } catch {
    return url;
  }
}
