import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from './generated/prisma/client';
import { getEnv } from './env';

export { Prisma };
export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;

// Next loads route handlers and instrumentation as separate module instances: share one client per process.
const holder = globalThis as unknown as { __boltworkDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: getEnv().DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter });
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
