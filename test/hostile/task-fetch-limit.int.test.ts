// Task fetching is rate-limited per worker (lib/workers/actions.ts, claimLimit): a bot asking for "next task" in a
// tight loop is answered with a clear error and leases nothing more.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/lib/auth/sessions';

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock('next/headers', () => import('./fake-next'));
vi.mock('next/navigation', () => import('./fake-next'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock('@/lib/auth/viewer', async () => {
  const { AppError } = await import('@/lib/errors');
  return {
    requireRole: async () => {
      if (!session.viewer) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
      return session.viewer;
    },
  };
});

const { db } = await import('@/lib/db');
const { startProjectAction } = await import('@/lib/workers/actions');
const { createTestItems, createTestProject, createTestWorker } = await import('@/lib/assignment/test-fixtures');
const { stopBoss } = await import('@/lib/jobs/boss');
const { fillBucket } = await import('./buckets');

afterAll(() => stopBoss());

// The limit lives in lib/workers/actions.ts and is not exported; this is its value (120 a minute).
const CLAIM_LIMIT = 120;

async function actAs(workerId: string) {
  const profile = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true, displayName: true } });
  session.viewer = {
    userId: profile.userId,
    sessionId: 'test',
    roles: ['WORKER'],
    email: null,
    name: null,
    worker: { id: workerId, displayName: profile.displayName, status: 'ACTIVE', statusReason: null },
  };
}

describe('next task', () => {
  it('serves a worker up to the limit, then answers a clear error without leasing anything', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 5);
    const workerId = await createTestWorker();
    await actAs(workerId);
    for (let i = 0; i < CLAIM_LIMIT; i++) {
      await expect(startProjectAction(projectId)).rejects.toMatchObject({ target: expect.stringMatching(/^\/tasks\/[0-9a-f-]{36}$/) });
    }
    const leased = await db.assignment.count({ where: { workerId } });
    expect(await startProjectAction(projectId)).toEqual({ kind: 'error', message: 'You are asking for tasks too fast. Wait a minute.' });
    expect(await db.assignment.count({ where: { workerId } })).toBe(leased);
  }, 60_000);

  it('a worker over the limit gets no first task; another worker is not affected', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 5);
    const [limited, other] = [await createTestWorker(), await createTestWorker()];
    await fillBucket(`claim:worker:${limited}`, CLAIM_LIMIT);
    await actAs(limited);
    expect(await startProjectAction(projectId)).toMatchObject({ kind: 'error', message: expect.stringContaining('too fast') });
    expect(await db.assignment.count({ where: { workerId: limited } })).toBe(0);
    const openSlots = await db.item.aggregate({ where: { projectId }, _sum: { openSlots: true } });
    expect(openSlots._sum.openSlots).toBe(15);
    await actAs(other);
    await expect(startProjectAction(projectId)).rejects.toMatchObject({ target: expect.stringMatching(/^\/tasks\//) });
    // The task on screen and the next one, leased ahead.
    expect(await db.assignment.count({ where: { workerId: other } })).toBe(2);
  });
});
