import 'server-only';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { logError, logWarn } from '@/lib/log';
import { JUDGMENTS_CHANNEL } from './channel';
import { evaluatePendingJudgments } from './evaluate';

// The quality evaluator: runs in the job worker (lib/jobs/worker.ts), one per process, any number of processes.
// A stored answer NOTIFYs JUDGMENTS_CHANNEL in the submit's own statement; the evaluator LISTENs on a connection of
// its own and drains the queue (Judgment.evaluatedAt null) a moment later, so answers that arrive together are
// evaluated together: a batch costs about as many statements as one answer does, so gathering for GATHER_MS (or
// until GATHER_COUNT answers wait) is what keeps the evaluator's CPU per answer small under a crowd. A poll every
// POLL_MS catches anything a lost notification or a dropped connection missed. Batches are claimed FOR UPDATE
// SKIP LOCKED, so several evaluators share the queue and never judge one answer twice. The LISTEN connection goes
// to DATABASE_DIRECT_URL when it is set: through a transaction-pooling PgBouncer the session is handed to other
// clients and the LISTEN is lost; the batches go through the app's pool like any other query.

const GATHER_MS = 200;
const GATHER_COUNT = 200;
const POLL_MS = 1_000;
const RECONNECT_MS = 2_000;

export type QualityEvaluator = { stop: () => Promise<void>; drained: () => Promise<void> };

export function startQualityEvaluator(options: { databaseUrl?: string } = {}): QualityEvaluator {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let gather: NodeJS.Timeout | null = null;
  let waiting = 0;
  let listener: pg.Client | null = null;

  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    waiting = 0;
    running = (async () => {
      do {
        again = false;
        try {
          await evaluatePendingJudgments();
        } catch (error) {
          logError('quality evaluation failed; the judgments stay in the queue', error);
          break;
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const wake = () => {
    if (stopped) return;
    if (++waiting >= GATHER_COUNT) {
      if (gather) clearTimeout(gather);
      gather = null;
      void drain();
      return;
    }
    gather ??= setTimeout(() => {
      gather = null;
      void drain();
    }, GATHER_MS);
  };

  const listen = async () => {
    while (!stopped) {
      const client = new pg.Client({ connectionString: options.databaseUrl ?? getEnv().databaseDirectUrl, application_name: 'boltwork-evaluator' });
      try {
        client.on('notification', wake);
        const closed = new Promise<void>((resolve) => {
          client.on('error', (error) => {
            logWarn('quality evaluator lost its LISTEN connection; polling until it is back', { error: String(error) });
            resolve();
          });
          client.on('end', () => resolve());
        });
        await client.connect();
        await client.query(`LISTEN ${JUDGMENTS_CHANNEL}`);
        listener = client;
        wake(); // answers stored while it was not listening
        await closed;
      } catch (error) {
        if (!stopped) logWarn('quality evaluator could not LISTEN; polling only', { error: String(error) });
      } finally {
        listener = null;
        await client.end().catch(() => {});
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };

  const poll = setInterval(() => void drain(), POLL_MS);
  poll.unref();
  void listen();
  void drain();

  return {
    /** Resolves once the queue was empty at some point after the call (tests, shutdown). */
    drained: async () => {
      await drain();
      if (running) await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(poll);
      if (gather) clearTimeout(gather);
      await listener?.end().catch(() => {});
      if (running) await running;
    },
  };
}
