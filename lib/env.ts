import 'server-only';
import { z } from 'zod';

// The only module that reads process.env (style S4). Parsed once, at first use, so a test can set
// DATABASE_URL before anything touches the database.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  BOLTWORK_DEMO: z.enum(['0', '1']).optional(),
  BOLTWORK_DATABASE_EMBEDDED: z.enum(['0', '1']).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  // Where wallets reach us: LNURL links and callbacks are built from it, so it must be the public origin.
  BOLTWORK_PUBLIC_URL: z.string().url().optional(),
  BOLTWORK_SESSION_DAYS: z.coerce.number().int().positive().max(365).default(30),
  BOLTWORK_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof envSchema> & { isDemoMode: boolean; publicUrl: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    // Demo mode (dev sign-in, wallet simulator, demo data) is on with the embedded database or when asked for.
    isDemoMode: env.BOLTWORK_DEMO === '1' || env.BOLTWORK_DATABASE_EMBEDDED === '1',
    publicUrl: (env.BOLTWORK_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, ''),
  };
  return cached;
}
