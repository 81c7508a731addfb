import 'server-only';
import { PgBoss } from 'pg-boss';
import { getEnv } from '@/lib/env';
import { jobs } from './registry';

const holder = globalThis as unknown as { __boltworkBoss?: Promise<PgBoss> };

/**
 * The process's pg-boss instance, started once, with every queue of the registry created. Senders need
 * it started too: start() installs or migrates pg-boss's own schema (beside Prisma's, in `pgboss`).
 */
export function getBoss(options: { listen?: boolean } = {}): Promise<PgBoss> {
  holder.__boltworkBoss ??= (async () => {
    // The job worker listens (one dedicated connection) so a queued payout starts at once instead of at the next
    // poll; app servers only send, and a send to a notify queue issues its pg_notify inside the sender's transaction.
    // pg-boss's own connections go to DATABASE_DIRECT_URL when it is set (docs/scaling.md): through a
    // transaction-pooling PgBouncer its LISTEN would be lost, and its first start() often runs inside a caller's
    // transaction (enqueueJob with `tx`), which would wait for a server connection that such transactions hold.
    // Sends given a `tx` still go through that transaction, on DATABASE_URL.
    const boss = new PgBoss({
      connectionString: getEnv().databaseDirectUrl,
      max: options.listen ? 10 : 5,
      application_name: 'boltwork-jobs',
      useListenNotify: options.listen === true,
    });
    boss.on('error', (error) => console.error(JSON.stringify({ level: 'error', message: 'pg-boss error', error: String(error) })));
    await boss.start();
    // pg-boss 12 refuses to send to a queue that does not exist yet: every process that sends makes them.
    // createQueue leaves an existing queue as it was: updateQueue brings its policy up to date with the registry.
    for (const [name, job] of Object.entries(jobs)) {
      await boss.createQueue(name, job.queue);
      if (options.listen) await boss.updateQueue(name, job.queue);
    }
    return boss;
  })();
  return holder.__boltworkBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = holder.__boltworkBoss;
  holder.__boltworkBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 10000 });
}
