import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

// A load balancer must get an answer even when PostgreSQL does not give one (a network black hole, a full pool).
const DATABASE_ANSWER_TIMEOUT_MS = 5_000;

const headers = { 'Cache-Control': 'no-store' };

/** Resolves when the database answers `SELECT 1`; rejects on an error or after the timeout. */
async function pingDatabase(): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database did not answer in time')), DATABASE_ANSWER_TIMEOUT_MS);
  });
  // A late failure of the abandoned ping must not surface as an unhandled rejection.
  const ping = db.$queryRaw`SELECT 1`.then(() => undefined);
  ping.catch(() => {});
  try {
    await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For load balancers and the start script: 200 only when the database answers. While PostgreSQL is down or
 * restarting it answers 503 at once; the shared client reconnects by itself once the database is back.
 */
export async function GET(): Promise<Response> {
  try {
    await pingDatabase();
    return Response.json({ status: 'ok' }, { headers });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { ...headers, 'Retry-After': '5' } });
  }
}
