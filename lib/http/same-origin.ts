import 'server-only';
import { getEnv } from '@/lib/env';

// CSRF guard for route handlers that act on the session cookie. Server actions have Next's own check
// (node_modules/next/dist/server/app-render/action-handler.js, handleAction: Origin host vs x-forwarded-host/host);
// route handlers get none, so state-changing ones call this first. Bearer-key /api/v1 routes do not need it: no
// browser attaches an Authorization header on its own.
//
// Rules, strictest signal first:
// - Sec-Fetch-Site (every current browser sends it): only `same-origin` or `none` (typed URL, bookmark) pass.
// - Origin: must name this host (as Next compares it: x-forwarded-host, else host) or the public URL.
//   `null` (sandboxed frames, cross-site redirects) is refused.
// - Neither header: not a browser form or fetch, so no ambient cookie was sent by a victim: allowed, as Next does
//   for server actions.

function hostsOf(request: Request): Set<string> {
  const hosts = new Set<string>();
  const forwardedHost = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = request.headers.get('host') ?? new URL(request.url).host;
  if (forwardedHost) hosts.add(forwardedHost.toLowerCase());
  if (host) hosts.add(host.toLowerCase());
  hosts.add(new URL(getEnv().publicUrl).host.toLowerCase());
  return hosts;
}

export function isSameOriginRequest(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null) return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    return hostsOf(request).has(new URL(origin).host.toLowerCase());
  } catch {
    return false; // "null" and anything else that is not a URL
  }
}

/** A 403 for a cross-site request to a cookie-authenticated endpoint, or null when it may go on. */
export function refuseCrossSite(request: Request): Response | null {
  if (isSameOriginRequest(request)) return null;
  return Response.json(
    { error: 'Cross-site request refused: send it from a Boltwork page.', code: 'CROSS_SITE' },
    { status: 403, headers: { 'Cache-Control': 'no-store' } },
  );
}
