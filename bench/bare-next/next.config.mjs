/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['pg'],
  poweredByHeader: false,
  // As the product runs behind a compressing balancer in the benches (BOLTWORK_HTTP_COMPRESSION=0).
  compress: false,
};

export default nextConfig;
