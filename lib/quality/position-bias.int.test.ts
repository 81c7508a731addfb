// The SQL counts of "first shown wins" agree with the app's own shown-position logic (getShownPosition) on random
// pairwise and ranking answers with random shown orders; the dashboard figures carry them per worker.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { Prisma } from '@/lib/db';
import { addTestJudgment, createTestActor } from '@/lib/exports/test-fixtures';
import { stopBoss } from '@/lib/jobs/boss';
import { getProjectStats } from '@/lib/projects/stats';
import { mulberry32 } from '@/test/random';
import { getShownPosition } from './answers';
import { readPositionCounts } from './position-bias-read';

afterAll(() => stopBoss());

const notRejected = Prisma.sql`j."isExam" = false AND j.status <> 'REJECTED'`;

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let n = out.length - 1; n > 0; n--) {
    const m = Math.floor(random() * (n + 1));
    [out[n], out[m]] = [out[m], out[n]];
  }
  return out;
}

describe('position bias from the database', () => {
  it('PAIRWISE: counts match getShownPosition, and the dashboard shows a first-clicker', async () => {
    const random = mulberry32(11);
    const projectId = await createTestProject();
    const actor = await createTestActor(projectId);
    const workers = await createTestWorkers(3);
    const items = await createTestItems(projectId, 30);
    const expected = new Map<string, { decisive: number; firstWins: number }>(workers.map((w) => [w, { decisive: 0, firstWins: 0 }]));
    for (const itemId of items) {
      for (const [n, workerId] of workers.entries()) {
        const shownOrder = random() < 0.5 ? [0, 1] : [1, 0];
        // Worker 0 always clicks what is shown first; the others answer at random.
        const choice = n === 0 ? (shownOrder[0] === 0 ? 'A' : 'B') : (['A', 'B', 'tie', 'both_bad'] as const)[Math.floor(random() * 4)];
        await addTestJudgment({ projectId, itemId, workerId, answer: { choice }, shownOrder });
        const position = getShownPosition('PAIRWISE', { choice }, shownOrder);
        const e = expected.get(workerId)!;
        if (position === 'first' || position === 'second') e.decisive += 1;
        if (position === 'first') e.firstWins += 1;
      }
    }
    const counts = await readPositionCounts(projectId, 'PAIRWISE', notRejected);
    for (const c of counts) expect({ decisive: c.decisive, firstWins: c.firstWins }).toEqual(expected.get(c.workerId));
    expect(counts).toHaveLength(3);

    const stats = await getProjectStats(actor, projectId);
    const bias = stats.positionBias!;
    expect(bias.project.decisive).toBe([...expected.values()].reduce((s, e) => s + e.decisive, 0));
    expect(bias.workers[0]).toMatchObject({ decisive: 30, firstWins: 30, rate: 1 });
    expect(bias.workers[0].pValue).toBeLessThan(1e-6);
    expect(bias.workers[0].workerId).toMatch(/^[0-9a-f]{16}$/); // the team's pseudonym, as in exports
  });

  it('RANKING: a single top counts, tied tops do not; k comes from the shown order', async () => {
    const random = mulberry32(5);
    const projectId = await createTestProject({ taskType: 'RANKING', typeConfig: { allowTies: true } });
    const [workerId] = await createTestWorkers(1);
    const items = await createTestItems(projectId, 40, { payload: () => ({ prompt: 'Q', responses: ['a', 'b', 'c'] }) });
    let decisive = 0;
    let firstWins = 0;
    for (const itemId of items) {
      const shownOrder = shuffle([0, 1, 2], random);
      const order = shuffle([0, 1, 2], random);
      const ranking = random() < 0.25 ? [[order[0], order[1]], [order[2]]] : order.map((i) => [i]);
      await addTestJudgment({ projectId, itemId, workerId, answer: { ranking }, shownOrder });
      const top = getShownPosition('RANKING', { ranking }, shownOrder);
      if (top !== null && !top.includes(',')) decisive += 1;
      if (top === '0') firstWins += 1;
    }
    expect(await readPositionCounts(projectId, 'RANKING', notRejected)).toEqual([{ workerId, k: 3, decisive, firstWins }]);
  });
});
