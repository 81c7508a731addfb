import 'server-only';
import { Prisma } from '@/lib/db';

/**
 * The database's clock as a UTC wall time, the way Prisma stores DateTime columns (timestamp without time zone, in
 * UTC): a plain now() would follow the session's time zone. One clock for every app server and job worker.
 */
export const utcNow = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
