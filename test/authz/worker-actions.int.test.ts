// The matrix rows of the worker's server actions (test/authz/matrix.ts, area 'worker'): each is called by every
// actor the matrix refuses, aimed at the owner worker's real assignment / judgment / withdraw link, and must be
// refused without changing a row; 'self' callers touch only their own data; the owner gets through.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/headers', async () => (await import('./mocks')).headersModule);

import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { appealJudgmentAction } from '@/lib/judgments/actions';
import { createWithdrawLinkAction, getWithdrawStatusAction, saveLightningAddressAction, withdrawWithDemoWalletAction } from '@/lib/payouts/actions';
import { advanceTaskAction, prefetchTaskAction, setLocaleAction, startProjectAction, submitAnswerAction } from '@/lib/workers/actions';
import { addTestJudgment } from '@/lib/exports/test-fixtures';
import { reportTreeMessageAction } from '@/lib/trees/actions';
import { actAs, createWorld, defineMatrixTests, type Probe, type World } from './harness';

afterAll(() => stopBoss());

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

const probes: Record<string, Probe> = {
  // Work comes from the other team's project, so a 'self' call by the other worker leaves the owner's rows alone.
  'lib/workers/actions.ts#startProjectAction': (w) => startProjectAction(w.other.projectId),
  'lib/workers/actions.ts#submitAnswerAction': (w) => submitAnswerAction({ assignmentId: w.worker.assignmentId, answer: { choice: 'A' } }),
  // A skip through the task loop: the one tap that moves on without an answer.
  'lib/workers/actions.ts#advanceTaskAction': (w) => advanceTaskAction({ assignmentId: w.worker.skipAssignmentId, skip: 'unclear', aheadId: null }),
  'lib/workers/actions.ts#prefetchTaskAction': (w) => prefetchTaskAction({ projectId: w.other.projectId, currentId: w.worker.assignmentId }),
  'lib/workers/actions.ts#setLocaleAction': () => setLocaleAction(form({ locale: 'es' })),
  'lib/judgments/actions.ts#appealJudgmentAction': (w) => appealJudgmentAction({ status: 'idle' }, form({ judgmentId: w.worker.rejectedJudgmentId, text: 'I followed the instructions.' })),
  'lib/trees/actions.ts#reportTreeMessageAction': (w) => reportTreeMessageAction({ assignmentId: w.worker.treeAssignmentId, messageId: w.owner.treePromptId, reason: 'spam' }),
  'lib/payouts/actions.ts#createWithdrawLinkAction': () => createWithdrawLinkAction(),
  'lib/payouts/actions.ts#getWithdrawStatusAction': (w) => getWithdrawStatusAction(w.worker.withdrawLinkId),
  'lib/payouts/actions.ts#saveLightningAddressAction': () => saveLightningAddressAction({ address: null }),
  'lib/payouts/actions.ts#withdrawWithDemoWalletAction': () => withdrawWithDemoWalletAction('lnurl1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hxqurzepexejxxepnxscrvwfnv9nxzcn9xq6xyefhvgcxxcmyxymnserxfq5fns'),
};

defineMatrixTests({
  area: 'worker',
  world: () => world,
  probes,
  afterAllowed: {
    'lib/workers/actions.ts#submitAnswerAction': async (w) => {
      expect(await db.judgment.count({ where: { assignmentId: w.worker.assignmentId } })).toBe(1);
    },
    'lib/workers/actions.ts#advanceTaskAction': async (w) => {
      expect((await db.assignment.findUniqueOrThrow({ where: { id: w.worker.skipAssignmentId } })).status).toBe('SKIPPED');
    },
    'lib/workers/actions.ts#setLocaleAction': async (w) => {
      expect((await db.workerProfile.findUniqueOrThrow({ where: { id: w.worker.workerId } })).locale).toBe('es');
    },
    'lib/trees/actions.ts#reportTreeMessageAction': async (w) => {
      expect(await db.treeMessageFlag.count({ where: { messageId: w.owner.treePromptId } })).toBe(1);
    },
    'lib/judgments/actions.ts#appealJudgmentAction': async (w) => {
      expect((await db.judgment.findUniqueOrThrow({ where: { id: w.worker.rejectedJudgmentId } })).appealStatus).toBe('OPEN');
    },
    'lib/payouts/actions.ts#getWithdrawStatusAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('"link":');
    },
    'lib/payouts/actions.ts#createWithdrawLinkAction': async (w) => {
      expect(await db.withdrawLink.count({ where: { workerId: w.worker.workerId } })).toBe(2);
    },
  },
});

// The other worker's refusals are real only if their own session works: they may appeal their own judgment.
describe('the other worker', () => {
  it('acts on their own rejected judgment', async () => {
    const [itemId] = (await db.item.findMany({ where: { projectId: world.other.projectId, assignments: { none: { workerId: world.worker.otherWorkerId } } }, take: 1, select: { id: true } })).map((i) => i.id);
    const judgmentId = await addTestJudgment({ projectId: world.other.projectId, itemId, workerId: world.worker.otherWorkerId, answer: { choice: 'B' }, status: 'REJECTED' });
    actAs(world, 'otherWorker');
    expect(await appealJudgmentAction({ status: 'idle' }, form({ judgmentId, text: 'Mine, please look again.' }))).toEqual({ status: 'sent' });
  });
});
