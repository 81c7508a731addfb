// One "app server" of test/scale/two-processes.int.test.ts: its own process, its own Prisma pool, the product's
// claim + submit (auto-approval pays at once) for the given workers until the project has no work left or the
// time is up. Prints one JSON line: cycles done and errors by code.
import { claimNextAssignment, submitJudgment } from '@/lib/assignment';
import { disconnectDb } from '@/lib/db';

const [projectId, workerList, seconds] = process.argv.slice(2);
const workerIds = workerList.split(',');
const deadline = Date.now() + Number(seconds) * 1000;
const tally = { cycles: 0, none: 0, errors: {} as Record<string, number> };

async function loop(workerId: string): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const claim = await claimNextAssignment(workerId, projectId);
      if (claim.kind !== 'assigned') {
        tally.none += 1;
        return;
      }
      await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { choice: 'A' } });
      tally.cycles += 1;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      tally.errors[code] = (tally.errors[code] ?? 0) + 1;
    }
  }
}

await Promise.all(workerIds.map(loop));
await disconnectDb();
console.log(JSON.stringify(tally));
process.exit(0);
