import 'server-only';
import { PgBoss } from 'pg-boss';
import { getEnv } from '@/lib/env';
import { jobs } from './registry';

const holder = globalThis as unknown as { __boltworkBoss?: Promise<PgBoss> };

/**
 * The process's pg-boss instance, started once, with every queue of the registry created. Senders need
 * it started too: start() installs or migrates pg-boss's own schema (beside Prisma's, in `pgboss`).
 */
export function getBoss(): Promise<PgBoss> {
  holder.__boltworkBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: getEnv().DATABASE_URL, max: 5, application_name: 'boltwork-jobs' });
    boss.on('error', (error) => console.error(JSON.stringify({ level: 'error', message: 'pg-boss error', error: String(error) })));
    await boss.start();
    // pg-boss 12 refuses to send to a queue that does not exist yet: every process that sends makes them.
    for (const [name, job] of Object.entries(jobs)) await boss.createQueue(name, job.queue);
    return boss;
  })();
  return holder.__boltworkBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = holder.__boltworkBoss;
  holder.__boltworkBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 10000 });
}
