import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from './generated/prisma/client';
import { getEnv } from './env';
import { logWarn } from './log';

export { Prisma };
export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;

// Next loads route handlers and instrumentation as separate module instances: share one client per process.
const holder = globalThis as unknown as { __boltworkDb?: PrismaClient };

function createClient(): PrismaClient {
  const env = getEnv();
  // A database that doesn't answer at all (a network black hole) fails a new connection after 10 s instead of hanging.
  const adapter = new PrismaPg(
    { connectionString: env.DATABASE_URL, max: env.BOLTWORK_DB_POOL_SIZE, connectionTimeoutMillis: 10_000 },
    // PostgreSQL restarting (or a failover) ends the pool's idle connections; pg reports that as an 'error' event,
    // which would crash the process if nothing listened. The pool drops them and opens new ones on demand.
    { onPoolError: (error) => logWarn('database connection closed by the server; the pool reconnects', { error: String(error) }) },
  );
  // A burst (a payout storm, a crowd submitting at once) queues for a pooled connection: wait for one rather than
  // fail after Prisma's default 2 s, and let a slow transaction finish under load.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 15_000 } });
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    holder.__boltworkDb ??= createClient();
    const value = Reflect.get(holder.__boltworkDb, property);
    return typeof value === 'function' ? value.bind(holder.__boltworkDb) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  const client = holder.__boltworkDb;
  holder.__boltworkDb = undefined;
  await client?.$disconnect();
}

/** SQLSTATE of a database error raised through Prisma's driver adapter, if any. */
export function getSqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const record = current as Record<string, unknown>;
    const meta = record.meta as Record<string, unknown> | undefined;
    const driverError = meta?.driverAdapterError as Record<string, unknown> | undefined;
    const cause = driverError?.cause as Record<string, unknown> | undefined;
    if (typeof cause?.originalCode === 'string') return cause.originalCode;
    // Prisma's own codes (P1000-P6999) look like SQLSTATEs; a pg error carries `severity` beside its code.
    if (typeof record.code === 'string' && typeof record.severity === 'string') return record.code;
    current = record.cause;
  }
  return undefined;
}

/**
 * True when the database could not be reached or dropped the connection (down, restarting, failing over): the
 * request can be retried as it was, so callers answer 503 rather than 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = getSqlState(error);
  if (state && (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03')) return true;
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const record = current as Record<string, unknown>;
    if (record.code === 'P1001' || record.code === 'P1017' || record.code === 'ECONNREFUSED' || record.code === 'ECONNRESET') return true;
    if (typeof record.message === 'string' && /Connection terminated|ECONNREFUSED|Can't reach database server/i.test(record.message)) return true;
    current = record.cause;
  }
  return false;
}
