// The concurrency proof of the worker loop: 200 simulated phones race through one project on real PostgreSQL,
// each looping claim -> submit until the engine says there is nothing left for them. The app's pool has 10
// connections; the concurrency is in the 200 promises, as it is with 200 requests in flight.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { claimNextAssignment } from './claim';
import { expireLeases } from './leases';
import { skipAssignment } from './skip';
import { submitJudgment } from './submit';
import { createSeededRandom, createTestItems, createTestProject, createTestWorkers, randomPairwiseAnswer } from './test-fixtures';
import type { ClaimNoneReason } from './types';

const WORKERS = 200;
const ITEMS = 300;
const JUDGMENTS_PER_ITEM = 3;
const GOLD_ITEMS = 4;

type WorkerRun = { submitted: number; gold: number; endedWith: ClaimNoneReason };

async function runWorker(workerId: string, projectId: string, random: () => number): Promise<WorkerRun> {
  const run = { submitted: 0, gold: 0 };
  for (;;) {
    const claim = await claimNextAssignment(workerId, projectId, { random });
    if (claim.kind === 'none') return { ...run, endedWith: claim.reason };
    const result = await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: randomPairwiseAnswer(random) });
    expect(result.duplicate).toBe(false);
    run.submitted++;
    if (result.goldCorrect !== null) run.gold++;
  }
}

type Violations = { negativeSlots: number; overAssigned: number };

/** Watches the invariants while the race runs, not only at the end. */
function watchInvariants(projectId: string) {
  const seen: Violations[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await db.$queryRaw<Violations[]>`
        SELECT
          (SELECT count(*)::int FROM "Item" WHERE "projectId" = ${projectId}::uuid AND "openSlots" < 0) AS "negativeSlots",
          (SELECT count(*)::int FROM (
            SELECT i.id FROM "Item" i JOIN "Assignment" a ON a."itemId" = i.id AND a.status IN ('ACTIVE', 'SUBMITTED')
            WHERE i."projectId" = ${projectId}::uuid AND i."isGold" = false
            GROUP BY i.id, i."judgmentsNeeded" HAVING count(*) > i."judgmentsNeeded") AS over) AS "overAssigned"`;
      seen.push(row);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop(): Promise<Violations[]> {
      running = false;
      await loop;
      return seen;
    },
  };
}

describe('200 workers racing through one project', () => {
  it('never over-assigns an item, never gives a worker the same item twice, and finishes every item', { timeout: 120_000 }, async () => {
    const projectId = await createTestProject({ goldRatio: 0.1, judgmentsPerItem: JUDGMENTS_PER_ITEM, maxJudgmentsPerItem: JUDGMENTS_PER_ITEM });
    const itemIds = await createTestItems(projectId, ITEMS, { judgmentsNeeded: JUDGMENTS_PER_ITEM });
    await createTestItems(projectId, GOLD_ITEMS, { isGold: true, goldAnswer: { choice: 'A' } });
    const workerIds = await createTestWorkers(WORKERS);

    const watcher = watchInvariants(projectId);
    const started = performance.now();
    const runs = await Promise.all(workerIds.map((workerId, index) => runWorker(workerId, projectId, createSeededRandom(index + 1))));
    const seconds = (performance.now() - started) / 1000;
    const samples = await watcher.stop();
    const judgments = runs.reduce((sum, run) => sum + run.submitted, 0);
    console.log(
      `200-worker race: ${judgments} judgments (${runs.reduce((s, r) => s + r.gold, 0)} gold) in ${seconds.toFixed(1)} s ` +
        `= ${(judgments / seconds).toFixed(0)} claim+submit cycles/s; ${samples.length} invariant samples`,
    );

    // During the race.
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((sample) => sample.negativeSlots > 0 || sample.overAssigned > 0)).toEqual([]);

    // Every worker stopped because nothing was left for them, after all regular slots and all gold were used.
    expect(new Set(runs.map((run) => run.endedWith))).toEqual(new Set(['NO_ITEMS_LEFT']));
    expect(judgments).toBe(ITEMS * JUDGMENTS_PER_ITEM + WORKERS * GOLD_ITEMS);

    // No item has more live + finished assignments than it needs (gold items are shared, so excluded).
    const overAssigned = await db.$queryRaw<{ id: string }[]>`
      SELECT i.id::text FROM "Item" i JOIN "Assignment" a ON a."itemId" = i.id AND a.status IN ('ACTIVE', 'SUBMITTED')
      WHERE i."projectId" = ${projectId}::uuid AND i."isGold" = false
      GROUP BY i.id, i."judgmentsNeeded" HAVING count(*) > i."judgmentsNeeded"`;
    expect(overAssigned).toEqual([]);

    // No worker has two assignments for one item (the unique index forbids it; check the data anyway).
    const repeats = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT "workerId", "itemId" FROM "Assignment" WHERE "projectId" = ${projectId}::uuid
        GROUP BY "workerId", "itemId" HAVING count(*) > 1) AS twice`;
    expect(repeats[0].n).toBe(0);

    // judgmentsDone matches the SUBMITTED assignments and the judgments of every item; every item is DONE.
    const items = await db.item.findMany({
      where: { projectId, isGold: false },
      select: {
        id: true,
        status: true,
        openSlots: true,
        judgmentsDone: true,
        judgmentsNeeded: true,
        _count: { select: { judgments: true, assignments: { where: { status: 'SUBMITTED' } } } },
      },
    });
    expect(items).toHaveLength(itemIds.length);
    for (const item of items) {
      expect(item.judgmentsDone).toBe(item._count.assignments);
      expect(item.judgmentsDone).toBe(item._count.judgments);
      expect(item.judgmentsDone).toBe(item.judgmentsNeeded);
      expect(item.status).toBe('DONE');
      expect(item.openSlots).toBe(0);
    }
    expect(await db.assignment.count({ where: { projectId, status: { not: 'SUBMITTED' } } })).toBe(0);

    // Every worker saw every gold item exactly once, and gold never held a slot or counted as item progress.
    const gold = await db.item.findMany({ where: { projectId, isGold: true }, select: { judgmentsDone: true, _count: { select: { judgments: true } } } });
    expect(gold.map((item) => item._count.judgments)).toEqual(Array(GOLD_ITEMS).fill(WORKERS));
    expect(gold.every((item) => item.judgmentsDone === 0)).toBe(true);
    const goldSeen = await db.workerProfile.aggregate({ where: { id: { in: workerIds } }, _sum: { goldSeen: true } });
    expect(goldSeen._sum.goldSeen).toBe(WORKERS * GOLD_ITEMS);
  });

  it('keeps every count right when workers also skip, walk away and race the lease sweeper', { timeout: 120_000 }, async () => {
    const projectId = await createTestProject({ leaseSeconds: 1, goldRatio: 0.05 });
    const itemIds = await createTestItems(projectId, 150, { judgmentsNeeded: 3 });
    await createTestItems(projectId, 3, { isGold: true, goldAnswer: { choice: 'B' } });
    const crowd = await createTestWorkers(120);

    // Sweepers in two "processes" while the crowd works; leases last one second, so some answers arrive too late.
    let sweeping = true;
    const sweepers = [0, 1].map(async () => {
      let expired = 0;
      while (sweeping) {
        expired += await expireLeases();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return expired;
    });
    const outcomes = { submitted: 0, skipped: 0, abandoned: 0, late: 0 };
    await Promise.all(
      crowd.map(async (workerId, index) => {
        const random = createSeededRandom(1000 + index);
        for (;;) {
          const claim = await claimNextAssignment(workerId, projectId, { random });
          if (claim.kind === 'none') return;
          const roll = random();
          if (roll < 0.04) {
            outcomes.abandoned++; // the phone goes dark with a lease held: the sweeper must free it
            return;
          }
          if (roll < 0.12) {
            await skipAssignment(workerId, { assignmentId: claim.assignment.assignmentId, reason: 'too_hard' });
            outcomes.skipped++;
            continue;
          }
          if (roll < 0.15) await new Promise((resolve) => setTimeout(resolve, 1100)); // a slow worker
          try {
            await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: randomPairwiseAnswer(random) });
            outcomes.submitted++;
          } catch (error) {
            if (!isAppError(error) || error.code !== 'INVALID_STATE') throw error;
            outcomes.late++; // expired by a sweeper before the answer came
          }
        }
      }),
    );
    sweeping = false;
    const swept = (await Promise.all(sweepers)).reduce((sum, count) => sum + count, 0);
    await expireLeases(new Date(Date.now() + 2_000));

    // Mid-way invariants: nothing live, no slot lost or double-counted.
    const drift = await db.$queryRaw<{ id: string }[]>`
      SELECT i.id::text FROM "Item" i
      WHERE i."projectId" = ${projectId}::uuid AND i."isGold" = false AND (
        i."openSlots" <> i."judgmentsNeeded" - (SELECT count(*) FROM "Assignment" a WHERE a."itemId" = i.id AND a.status IN ('ACTIVE', 'SUBMITTED'))
        OR i."judgmentsDone" <> (SELECT count(*) FROM "Judgment" j WHERE j."itemId" = i.id))`;
    expect(drift).toEqual([]);

    // A fresh crew finishes what the skips and the walk-aways left, with leases long enough for a loaded machine
    // (one-second leases are the crowd's test; a crew answer arriving late would only be refused the same way).
    await db.project.update({ where: { id: projectId }, data: { leaseSeconds: 600 } });
    const crew = await createTestWorkers(40);
    await Promise.all(crew.map((workerId, index) => runWorker(workerId, projectId, createSeededRandom(5000 + index))));
    const items = await db.item.findMany({ where: { id: { in: itemIds } }, select: { status: true, openSlots: true, judgmentsDone: true } });
    expect(items.every((item) => item.status === 'DONE' && item.openSlots === 0 && item.judgmentsDone === 3)).toBe(true);
    expect(await db.assignment.count({ where: { projectId, status: 'ACTIVE' } })).toBe(0);
    console.log(`crowd with sweepers: ${JSON.stringify(outcomes)}, ${swept} leases swept while running`);
    expect(outcomes.abandoned + outcomes.late).toBeGreaterThan(0);
  });
});
