import 'server-only';
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, Prisma } from './generated/prisma/client';
import { getEnv } from './env';
import { logWarn } from './log';

export { Prisma };
export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;

// Next loads route handlers and instrumentation as separate module instances: share one client per process.
const holder = globalThis as unknown as { __boltworkDb?: PrismaClient; __boltworkPool?: pg.Pool };

function createClient(): PrismaClient {
  const env = getEnv();
  // One pool per process, shared by Prisma and by queryRows below. A database that doesn't answer at all (a network
  // black hole) fails a new connection after 10 s instead of hanging.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.BOLTWORK_DB_POOL_SIZE, connectionTimeoutMillis: 10_000 });
  holder.__boltworkPool = pool;
  const adapter = new PrismaPg(pool, {
    // PostgreSQL restarting (or a failover) ends the pool's idle connections; pg reports that as an 'error' event,
    // which would crash the process if nothing listened. The pool drops them and opens new ones on demand.
    onPoolError: (error) => logWarn('database connection closed by the server; the pool reconnects', { error: String(error) }),
    disposeExternalPool: true,
  });
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
  holder.__boltworkPool = undefined;
  await client?.$disconnect();
}

// Results as Prisma's $queryRaw gives them: timestamp (without time zone, stored in UTC) as Date, int8 as bigint.
const UTC_TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const hotTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === UTC_TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

// Parameters as Prisma sends them: dates in UTC (a `timestamp` cast keeps the wall time it is given), bigint as text.
function toParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toParameter);
  return value;
}

/**
 * Runs one statement (built with Prisma.sql) straight through node-postgres on the pool Prisma uses, outside any
 * transaction. For the few statements of a worker's tap, which run hundreds of times a second: Prisma's raw-query
 * path costs about twice the CPU of the driver alone (bench/worker-loop.mjs; docs/performance.md). Results and
 * parameters are converted as Prisma does (see above), so a statement moves between the two unchanged.
 *
 * Each runs as a named prepared statement (named by a hash of its text, so every variant of a statement gets its
 * own), prepared once per connection: the claim's statement took PostgreSQL 3-5 ms to plan and well under 1 ms to
 * run. Off for poolers that cannot carry prepared statements (lib/env.ts).
 */
export async function queryRows<T>(query: Prisma.Sql): Promise<T[]> {
  holder.__boltworkDb ??= createClient();
  const name = getEnv().preparedStatements ? `bw_${createHash('sha1').update(query.text).digest('hex').slice(0, 24)}` : undefined;
  const result = await holder.__boltworkPool!.query({ name, text: query.text, values: query.values.map(toParameter), types: hotTypes });
  return result.rows as T[];
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
