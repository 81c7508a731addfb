// One "app server" of test/scale/two-processes.int.test.ts: its own process, its own Prisma pool, the phone's task
// loop (a task leased ahead, each answer stored as the next one comes on screen) for the given workers until the
// project has no work left or the time is up, and its own quality evaluator, as a job worker runs beside an app
// server. Prints one JSON line: cycles done and errors by code.
import { advanceTaskLoop, claimLeases } from '@/lib/assignment';
import { disconnectDb } from '@/lib/db';
import { startQualityEvaluator } from '@/lib/quality/evaluator';

const [projectId, workerList, seconds] = process.argv.slice(2);
const workerIds = workerList.split(',');
const deadline = Date.now() + Number(seconds) * 1000;
const tally = { cycles: 0, none: 0, errors: {} as Record<string, number> };
const evaluator = startQualityEvaluator();

async function loop(workerId: string): Promise<void> {
  let screen: { current: string; ahead: string | null } | null = null;
  while (Date.now() < deadline) {
    try {
      if (!screen) {
        const leases = await claimLeases(workerId, projectId, { want: 2 });
        if (leases.kind === 'none') {
          tally.none += 1;
          return;
        }
        screen = { current: leases.current.assignmentId, ahead: leases.ahead?.assignmentId ?? null };
      }
      const step = await advanceTaskLoop(workerId, { assignmentId: screen.current, outcome: { answer: { choice: 'A' } }, aheadId: screen.ahead });
      tally.cycles += 1;
      if (step.kind !== 'next') {
        tally.none += 1;
        return;
      }
      const current = step.current?.assignmentId ?? step.promoted?.assignmentId;
      if (!current) return; // nothing left behind the task just answered
      screen = { current, ahead: step.ahead?.assignmentId ?? null };
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      tally.errors[code] = (tally.errors[code] ?? 0) + 1;
      screen = null;
    }
  }
}

await Promise.all(workerIds.map(loop));
await evaluator.drained();
await evaluator.stop();
await disconnectDb();
console.log(JSON.stringify(tally));
process.exit(0);
