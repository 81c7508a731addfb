// The job worker: `npm run worker` runs it alone; `npm start` runs it beside the web server.
// Any number of workers may run against one database; pg-boss hands each job to one of them.
import 'server-only';
import type { JobResult } from 'pg-boss';
import { disconnectDb } from '@/lib/db';
import { startQualityEvaluator, type QualityEvaluator } from '@/lib/quality/evaluator';
import { getBoss, stopBoss } from './boss';
import { jobs, type JobName } from './registry';

let evaluator: QualityEvaluator | null = null;

async function startWorker(): Promise<void> {
  const boss = await getBoss({ listen: true });
  for (const [name, job] of Object.entries(jobs) as [JobName, (typeof jobs)[JobName]][]) {
    // The schema parses the payload, so the handler gets exactly the type it declares.
    const handle = job.handle as (data: unknown) => Promise<unknown>;
    const work = ('work' in job ? job.work : undefined) ?? {};
    if ((work.batchSize ?? 1) > 1) {
      // A queue that takes batches (payout.send) has its jobs handled one after another, each settled on its own.
      await boss.work(name, { ...work, perJobResults: true }, async (items) => {
        const settled: JobResult[] = [];
        for (const { id, data } of items) {
          try {
            settled.push({ id, status: 'completed', output: { value: await handle(job.schema.parse(data)) } });
          } catch (error) {
            settled.push({ id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } });
          }
        }
        return settled;
      });
    } else {
      await boss.work(name, { batchSize: 1, ...work }, async ([item]) => handle(job.schema.parse(item.data)));
    }
    if ('cron' in job && job.cron) await boss.schedule(name, job.cron, {}, { tz: 'UTC' });
  }
  // Payouts left in flight by a crash are settled right away, not at the next scheduled run.
  await boss.send('payout.reconcile', {});
  // Answers are judged by the quality rules moments after they are stored, off the worker's tap (lib/quality/evaluator.ts).
  evaluator = startQualityEvaluator();
  console.log(JSON.stringify({ level: 'info', message: 'job worker started', queues: Object.keys(jobs) }));
}

async function stop(): Promise<void> {
  await evaluator?.stop();
  await stopBoss();
  await disconnectDb();
  process.exit(0);
}

process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

startWorker().catch((error) => {
  console.error('job worker failed to start', error);
  process.exit(1);
});
