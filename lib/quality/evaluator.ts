import 'server-only';
import { logError } from '@/lib/log';
import { evaluatePendingJudgments } from './evaluate';

// The quality evaluator: runs in the job worker (lib/jobs/worker.ts), one per process, any number of processes.
// It polls the queue (Judgment.evaluatedAt null) every POLL_MS and drains it, so the answers stored in between are
// evaluated together: a batch costs about as many statements as one answer does, which is what keeps the
// evaluator's CPU per answer small under a crowd. Batches are claimed FOR UPDATE SKIP LOCKED, so several evaluators
// share the queue and never judge one answer twice.
//
// Why a poll and not LISTEN/NOTIFY: a transaction that NOTIFYs takes one cluster-wide lock from its NOTIFY until
// its commit is flushed, so a NOTIFY in every submit put all the crowd's submits in single file behind the WAL
// flush (Lock:object waits; bench/worker-loop.mjs served a third more cycles per second without it). An idle poll
// is one indexed read per POLL_MS per process, and an answer waits at most POLL_MS for its verdict.

const POLL_MS = 200;

export type QualityEvaluator = { stop: () => Promise<void>; drained: () => Promise<void> };

export function startQualityEvaluator(): QualityEvaluator {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
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

  const poll = setInterval(() => {
    if (!running) void drain();
  }, POLL_MS);
  poll.unref();
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
      if (running) await running;
    },
  };
}
