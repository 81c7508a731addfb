import 'server-only';
import { isIP } from 'node:net';
import { getEnv } from '@/lib/env';

// Where the client's address comes from, and how far to trust it.
//
// Route handlers never see the socket. `next start` (next 16.4, node_modules/next/dist/server/base-server.js,
// BaseServer.handleRequestImpl, "Update the `x-forwarded-*` headers") does
//   req.headers['x-forwarded-for'] ??= originalRequest.socket.remoteAddress
// i.e. it fills X-Forwarded-For from the socket ONLY when the request has none, and keeps a client-sent value
// verbatim without appending the socket address. So:
// - behind N reverse proxies that each append their peer (nginx `$proxy_add_x_forwarded_for`, most load
//   balancers), the outermost proxy wrote the client's address N entries from the right; anything left of it
//   was written by the client. BOLTWORK_TRUSTED_PROXY_HOPS = N picks that entry.
// - with 0 hops (`next start` facing the internet) the header would be the client's own word when it sent one, so
//   `npm start` preloads scripts/lib/forwarded-for.mjs into `next start`: it replaces X-Forwarded-For with the
//   socket address before Next sees the request. Here a single entry is then trusted; a list of several can only
//   come from a server started without that preload, and counts as "unknown".

/** The bucket for requests whose address we cannot trust: they share one limit instead of skipping it. */
export const UNKNOWN_CLIENT = 'unknown';

function normalizeIp(raw: string): string | null {
  let value = raw.trim();
  if (value.length === 0 || value.length > 64) return null;
  // "[::1]:1234" and "1.2.3.4:5678" (some proxies add the port).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  if (value.toLowerCase().startsWith('::ffff:') && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/** The client address from an X-Forwarded-For value, given how many trusted proxies appended to it. */
export function pickClientIp(forwardedFor: string | null | undefined, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const entries = forwardedFor.split(',').map((entry) => entry.trim());
  if (trustedHops === 0) return entries.length === 1 ? normalizeIp(entries[0]) : null;
  // Fewer entries than trusted proxies: the chain is not what the setting says, so nothing in it is trusted.
  if (entries.length < trustedHops) return null;
  return normalizeIp(entries[entries.length - trustedHops]);
}

type HeaderSource = { get(name: string): string | null };

/** The client address of a request, or null when it is not known (see the comment at the top). */
export function getClientIp(headers: HeaderSource, trustedHops = getEnv().BOLTWORK_TRUSTED_PROXY_HOPS): string | null {
  return pickClientIp(headers.get('x-forwarded-for'), trustedHops);
}

/** The part of a rate-limit key that names the client: its address, or the shared unknown bucket. */
export function clientRateLimitKey(ip: string | null): string {
  return ip ?? UNKNOWN_CLIENT;
}
