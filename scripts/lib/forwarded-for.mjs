// Preloaded into `next start` (node --import, by scripts/start.mjs): the client address the app reads is the
// socket's own when no proxy is trusted.
//
// Next fills X-Forwarded-For from the socket only when a request has none, and keeps a client-sent value as it is
// (lib/http/client-ip.ts). With BOLTWORK_TRUSTED_PROXY_HOPS=0 (nothing in front of `next start`) every forwarded
// header is the client's own word, so each request's X-Forwarded-For is replaced by its socket address here,
// before Next sees it: a spoofed header can no longer pick the rate-limit bucket. Behind N trusted proxies the
// header is left as they wrote it, and the app reads it N entries from the right.
import http from 'node:http';
import https from 'node:https';

/** The headers a request should carry into Next, given its socket address and the trusted hops. */
export function rewriteForwardedFor(headers, socketAddress, trustedHops) {
  if (trustedHops > 0) return headers;
  delete headers['x-forwarded-for'];
  delete headers.forwarded;
  delete headers['x-real-ip'];
  if (socketAddress) headers['x-forwarded-for'] = socketAddress;
  return headers;
}

const trustedHops = Number(process.env.BOLTWORK_TRUSTED_PROXY_HOPS ?? 0) || 0;
for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function emitWithClientAddress(event, request, ...rest) {
    if (event === 'request' && request?.headers) rewriteForwardedFor(request.headers, request.socket?.remoteAddress, trustedHops);
    return emit.call(this, event, request, ...rest);
  };
}
