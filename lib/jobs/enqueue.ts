import 'server-only';
import { fromPrisma } from 'pg-boss';
import type { Tx } from '@/lib/db';
import { getBoss } from './boss';
import { jobs, type JobData, type JobName } from './registry';

/**
 * Queues a job. Given the caller's transaction, the job is inserted in it (transactional outbox):
 * it runs only if the business change commits. `startAfterSeconds` delays it (a fallback for work done at once).
 */
export async function enqueueJob<N extends JobName>(name: N, data: JobData<N>, options: { tx?: Tx; singletonKey?: string; startAfterSeconds?: number } = {}) {
  const payload = jobs[name].schema.parse(data) as object;
  const boss = await getBoss();
  return boss.send(name, payload, {
    singletonKey: options.singletonKey,
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    ...(options.tx ? { db: fromPrisma(options.tx as never) } : {}),
  });
}
