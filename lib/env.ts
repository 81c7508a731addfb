import 'server-only';
import { z } from 'zod';

// The only module that reads process.env (style S4). Parsed once, at first use, so a test can set
// DATABASE_URL before anything touches the database.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  // A direct connection for what a transaction-pooling PgBouncer on DATABASE_URL can't carry: pg-boss's own
  // connections (its LISTEN; its start, which may run inside a caller's transaction), the quality evaluator's
  // LISTEN and migrations (docs/scaling.md). Unset: DATABASE_URL.
  DATABASE_DIRECT_URL: z.string().url({ message: 'DATABASE_DIRECT_URL must be a postgresql:// URL' }).optional(),
  BOLTWORK_DEMO: z.enum(['0', '1']).optional(),
  BOLTWORK_DATABASE_EMBEDDED: z.enum(['0', '1']).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  // Where wallets reach us: LNURL links and callbacks are built from it, so it must be the public origin.
  BOLTWORK_PUBLIC_URL: z.string().url().optional(),
  BOLTWORK_SESSION_DAYS: z.coerce.number().int().positive().max(365).default(30),
  // How many reverse proxies in front of the app append to X-Forwarded-For; the client address is read that many
  // entries from the right (lib/http/client-ip.ts). 0 = `next start` faces the internet directly.
  BOLTWORK_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Connections each process (app server or job worker) opens to PostgreSQL. Keep the sum over all processes under
  // the server's max_connections, or put a pooler in front (docs/scaling.md).
  BOLTWORK_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // The worker's hot path runs as named prepared statements (planned once per connection, not on every tap). A
  // pooler in transaction mode cannot carry them before PgBouncer 1.21 (or without its max_prepared_statements), so
  // they are off by default when DATABASE_DIRECT_URL says a pooler sits on DATABASE_URL (docs/scaling.md).
  BOLTWORK_PREPARED_STATEMENTS: z.enum(['0', '1']).optional(),
  // L402 agent API (docs/agents.md): the macaroon root key (32 bytes hex; by default one is generated and kept in
  // the database, shared by every app server) and the platform fee on agent jobs in basis points of each reward.
  BOLTWORK_L402_ROOT_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 32 bytes of hex').optional(),
  BOLTWORK_AGENT_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  BOLTWORK_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Lightning: `sim` (the embedded simulated node) unless a real node is configured.
  // Mail (password resets, invitations): an SMTP server as smtp://user:pass@host:587 (STARTTLS) or smtps://…:465.
  // Unset in demo mode, mail lands in the outbox page (/dev/outbox); outside demo mode it is required.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Boltwork <no-reply@boltwork.invalid>'),
  LIGHTNING_BACKEND: z.enum(['sim', 'lnd', 'phoenixd', 'nwc']).default('sim'),
  LIGHTNING_NETWORK: z.enum(['regtest', 'signet', 'testnet', 'mainnet']).optional(),
  BOLTWORK_SIM_NODE_SEED: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 32 bytes of hex').optional(),
  // Fault tests only: the simulated node waits this long before each payment.
  BOLTWORK_SIM_PAY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  LND_REST_URL: z.string().url().optional(),
  LND_MACAROON_HEX: z.string().regex(/^[0-9a-f]+$/i).optional(),
  LND_TLS_CERT_PATH: z.string().optional(),
  PHOENIXD_URL: z.string().url().optional(),
  PHOENIXD_PASSWORD: z.string().optional(),
  NWC_CONNECTION_URI: z.string().startsWith('nostr+walletconnect://').optional(),
});

export type Env = z.infer<typeof envSchema> & { isDemoMode: boolean; publicUrl: string; databaseDirectUrl: string; preparedStatements: boolean };

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The configuration read from `source`, or one error that lists every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  return {
    ...env,
    // Demo mode (dev sign-in, wallet simulator, demo data) is on with the embedded database or when asked for.
    isDemoMode: env.BOLTWORK_DEMO === '1' || env.BOLTWORK_DATABASE_EMBEDDED === '1',
    publicUrl: (env.BOLTWORK_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, ''),
    databaseDirectUrl: env.DATABASE_DIRECT_URL ?? env.DATABASE_URL,
    preparedStatements: (env.BOLTWORK_PREPARED_STATEMENTS ?? (env.DATABASE_DIRECT_URL ? '0' : '1')) === '1',
  };
}
