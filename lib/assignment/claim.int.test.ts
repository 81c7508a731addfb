// "Next task": one lease per worker and project, who may work, gold mixing, what the phone is shown, and a claim
// that keeps finding work when the worker's history covers almost everything open.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { claimNextAssignment } from './claim';
import { submitJudgment } from './submit';
import {
  createSeededRandom,
  createTestItems,
  createTestProject,
  createTestWorker,
  createTestWorkers,
  pairwisePayload,
  randomPairwiseAnswer,
} from './test-fixtures';
import type { AssignmentView, ClaimResult } from './types';
import { getAssignmentForWorker } from './view';
import { listProjectsForWorker } from './worker-projects';

function assigned(result: ClaimResult): AssignmentView {
  if (result.kind !== 'assigned') throw new Error(`expected an assignment, got none (${result.reason})`);
  return result.assignment;
}

const viewKeys = [
  'assignmentId',
  'config',
  'exam',
  'instructions',
  'leaseExpiresAt',
  'leasedAt',
  'minSeconds',
  'payload',
  'projectId',
  'projectTitle',
  'rewardMsats',
  'taskType',
];

describe('claimNextAssignment', () => {
  it('gives a worker who taps twice, or opens two tabs, one and the same lease', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 20);
    const workerId = await createTestWorker();
    const results = await Promise.all(Array.from({ length: 6 }, () => claimNextAssignment(workerId, projectId)));
    const ids = new Set(results.map((result) => assigned(result).assignmentId));
    expect(ids.size).toBe(1);
    expect(await db.assignment.count({ where: { workerId } })).toBe(1);
    // A reload later gets it again, and the item lost exactly one slot.
    const again = assigned(await claimNextAssignment(workerId, projectId));
    expect(again.assignmentId).toBe([...ids][0]);
    const slots = await db.item.aggregate({ where: { projectId }, _sum: { openSlots: true } });
    expect(slots._sum.openSlots).toBe(20 * 3 - 1);
  });

  it('says why there is no work: project or worker not active, limit reached, nothing left', async () => {
    const projectId = await createTestProject({ maxJudgmentsPerWorker: 2 });
    await createTestItems(projectId, 5);
    const workerId = await createTestWorker();
    for (let i = 0; i < 2; i++) {
      const view = assigned(await claimNextAssignment(workerId, projectId));
      await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    }
    expect(await claimNextAssignment(workerId, projectId)).toEqual({ kind: 'none', reason: 'WORKER_LIMIT_REACHED' });

    const banned = await createTestWorker({ status: 'BANNED' });
    expect(await claimNextAssignment(banned, projectId)).toEqual({ kind: 'none', reason: 'WORKER_NOT_ACTIVE' });

    const paused = await createTestProject({ status: 'PAUSED' });
    await createTestItems(paused, 1);
    expect(await claimNextAssignment(workerId, paused)).toEqual({ kind: 'none', reason: 'PROJECT_NOT_ACTIVE' });

    const empty = await createTestProject();
    expect(await claimNextAssignment(workerId, empty)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });

    await expect(claimNextAssignment(workerId, crypto.randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(claimNextAssignment(workerId, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows responses in a random order, stores it, and maps the answer back to canonical terms', async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    await createTestItems(projectId, 40, { judgmentsNeeded: 1 });
    const workerId = await createTestWorker();
    const random = createSeededRandom(7);
    const orders = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const view = assigned(await claimNextAssignment(workerId, projectId, { random }));
      const stored = await db.assignment.findUniqueOrThrow({
        where: { id: view.assignmentId },
        select: { shownOrder: true, item: { select: { payload: true } } },
      });
      const order = stored.shownOrder as number[];
      const canonical = stored.item.payload as { responses: string[] };
      orders.add(order.join(','));
      expect((view.payload as { responses: string[] }).responses).toEqual(order.map((index) => canonical.responses[index]));
      const { judgmentId } = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
      const judgment = await db.judgment.findUniqueOrThrow({ where: { id: judgmentId }, select: { answer: true } });
      expect(judgment.answer).toEqual({ choice: order[0] === 0 ? 'A' : 'B' });
    }
    expect(orders).toEqual(new Set(['0,1', '1,0']));
  });

  it('mixes gold in at roughly goldRatio, and a gold task looks exactly like any other', async () => {
    const projectId = await createTestProject({ goldRatio: 0.25, judgmentsPerItem: 1, maxJudgmentsPerItem: 1, qualityRules: { autoPause: false } }); // answers at random: the quality rules would pause this worker
    await createTestItems(projectId, 200, { judgmentsNeeded: 1 });
    const goldIds = new Set(await createTestItems(projectId, 60, { isGold: true, goldAnswer: { choice: 'A' } }));
    const workerId = await createTestWorker();
    const random = createSeededRandom(42);
    let gold = 0;
    const claims = 120;
    for (let i = 0; i < claims; i++) {
      const view = assigned(await claimNextAssignment(workerId, projectId, { random }));
      expect(Object.keys(view).sort()).toEqual(viewKeys);
      expect(Object.keys(view.payload as object).sort()).toEqual(['prompt', 'responses']);
      const text = JSON.stringify(view, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
      expect(text).not.toMatch(/gold/i);
      expect(view.rewardMsats).toBe(1_000n);
      expect(view.exam).toBeNull();
      const result = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: randomPairwiseAnswer(random) });
      const { itemId } = await db.assignment.findUniqueOrThrow({ where: { id: view.assignmentId }, select: { itemId: true } });
      expect(result.goldCorrect !== null).toBe(goldIds.has(itemId));
      if (goldIds.has(itemId)) gold++;
    }
    expect(gold / claims).toBeGreaterThan(0.15);
    expect(gold / claims).toBeLessThan(0.35);
    // Gold answers count toward the worker's gold record, and never as progress of the gold item.
    const profile = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { goldSeen: true } });
    expect(profile.goldSeen).toBe(gold);
    const goldItems = await db.item.findMany({ where: { id: { in: [...goldIds] } }, select: { openSlots: true, judgmentsDone: true } });
    expect(goldItems.every((item) => item.openSlots === 1 && item.judgmentsDone === 0)).toBe(true);
  });

  it('falls back to the other pool when the chosen one is empty', async () => {
    const onlyGold = await createTestProject({ goldRatio: 0 });
    await createTestItems(onlyGold, 2, { isGold: true, goldAnswer: { choice: 'B' } });
    const onlyRegular = await createTestProject({ goldRatio: 1 });
    await createTestItems(onlyRegular, 1);
    const workerId = await createTestWorker();
    for (let i = 0; i < 2; i++) {
      const view = assigned(await claimNextAssignment(workerId, onlyGold));
      await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    }
    // Each gold item once per worker.
    expect(await claimNextAssignment(workerId, onlyGold)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
    assigned(await claimNextAssignment(workerId, onlyRegular));
  });

  it('keeps finding the few items left when the worker already had almost everything open', async () => {
    const projectId = await createTestProject();
    const itemIds = await createTestItems(projectId, 400);
    const [workerId, otherId] = await createTestWorkers(2);
    // History: this worker already judged 390 of the 400 open items; another worker judged the other 10. Every
    // item still needs two more judgments, so all 400 look alike (openSlots = 2) and the worker's own items fill
    // the claim's candidate window: the claim must fall back to its full scan and still find the 10.
    const judged = itemIds.slice(0, 195).concat(itemIds.slice(205));
    const insertJudged = (worker: string, items: string[]) => db.$executeRaw`
      INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "leasedAt", "leaseExpiresAt", "finishedAt")
      SELECT gen_random_uuid(), item, ${projectId}::uuid, ${worker}::uuid, 'SUBMITTED', now(), now(), now()
      FROM unnest(${items}::uuid[]) AS item`;
    await insertJudged(workerId, judged);
    await insertJudged(otherId, itemIds.slice(195, 205));
    await db.item.updateMany({ where: { projectId }, data: { openSlots: 2, judgmentsDone: 1 } });

    const random = createSeededRandom(3);
    const served = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const view = assigned(await claimNextAssignment(workerId, projectId, { random }));
      const { itemId } = await db.assignment.findUniqueOrThrow({ where: { id: view.assignmentId }, select: { itemId: true } });
      served.add(itemId);
      await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'tie' } });
    }
    expect(served).toEqual(new Set(itemIds.slice(195, 205)));
    expect(await claimNextAssignment(workerId, projectId, { random })).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
    // A third worker still gets work: the items are open, just not for this worker.
    assigned(await claimNextAssignment(await createTestWorker(), projectId));
  });
});

describe('getAssignmentForWorker', () => {
  it('returns the worker’s own live task only', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    await createTestItems(projectId, 3);
    const [workerId, otherId] = await createTestWorkers(2);
    const now = new Date();
    const view = assigned(await claimNextAssignment(workerId, projectId, { now }));
    expect(await getAssignmentForWorker(workerId, view.assignmentId, { now })).toEqual(view);
    expect(await getAssignmentForWorker(otherId, view.assignmentId, { now })).toBeNull();
    expect(await getAssignmentForWorker(workerId, 'nope')).toBeNull();
    expect(await getAssignmentForWorker(workerId, view.assignmentId, { now: new Date(now.getTime() + 61_000) })).toBeNull();
    await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'B' } }, { now });
    expect(await getAssignmentForWorker(workerId, view.assignmentId, { now })).toBeNull();
  });
});

describe('listProjectsForWorker', () => {
  it('lists ACTIVE projects with what is left for this worker', async () => {
    const [workerId] = await createTestWorkers(1);
    const projectId = await createTestProject({ title: 'Rank chatbot answers', rewardMsats: 2_000n, estimatedSeconds: 45 });
    await createTestItems(projectId, 4, { payload: pairwisePayload });
    const paused = await createTestProject({ status: 'PAUSED' });
    await createTestItems(paused, 2);

    const before = await listProjectsForWorker(workerId);
    expect(before.find((card) => card.projectId === paused)).toBeUndefined();
    expect(before.find((card) => card.projectId === projectId)).toEqual({
      projectId,
      title: 'Rank chatbot answers',
      taskType: 'PAIRWISE',
      isTree: false,
      rewardMsats: 2_000n,
      estimatedSeconds: 45,
      hourlyRateMsats: 160_000n,
      tasksLeft: 4,
      exam: { required: false, status: 'NOT_STARTED', total: 0, passCount: 0 },
      unavailable: null,
    });

    const view = assigned(await claimNextAssignment(workerId, projectId));
    await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    const after = await listProjectsForWorker(workerId);
    expect(after.find((card) => card.projectId === projectId)?.tasksLeft).toBe(3);
  });

  it('says why a project has nothing for this worker: all done, none left (taken by others), the per-person limit', async () => {
    const [worker, other] = await createTestWorkers(2);
    const single = await createTestProject({ judgmentsPerItem: 1 });
    await createTestItems(single, 1, { judgmentsNeeded: 1 });
    const capped = await createTestProject({ maxJudgmentsPerWorker: 1 });
    await createTestItems(capped, 3);
    const reason = async (workerId: string, projectId: string) => (await listProjectsForWorker(workerId)).find((card) => card.projectId === projectId)?.unavailable;

    expect(await reason(worker, single)).toBeNull();
    const view = assigned(await claimNextAssignment(worker, single));
    expect(await reason(other, single)).toBe('NONE_LEFT'); // the only slot is leased to someone else
    await submitJudgment(worker, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    expect(await reason(worker, single)).toBe('ALL_DONE');
    expect(await reason(other, single)).toBe('NONE_LEFT');

    const first = assigned(await claimNextAssignment(worker, capped));
    await submitJudgment(worker, { assignmentId: first.assignmentId, answer: { choice: 'A' } });
    expect(await reason(worker, capped)).toBe('LIMIT_REACHED');
    expect(await reason(other, capped)).toBeNull();
  });
});
