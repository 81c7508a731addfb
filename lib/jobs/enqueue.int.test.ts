// pg-boss 12 declares Node 22 but runs here on Node 20: these tests are the proof, on real PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { getBoss, stopBoss } from './boss';
import { enqueueJob } from './enqueue';
import { jobs } from './registry';
import { purgeExpiredAuthState } from './maintenance';

const queue = 'maintenance.purge-auth';

afterAll(() => stopBoss());

async function queuedCount(): Promise<number> {
  const boss = await getBoss();
  await boss.createQueue(queue, jobs[queue].queue);
  return (await boss.findJobs(queue)).length;
}

describe('jobs', () => {
  it('drops a job enqueued in a transaction that rolls back, and keeps one whose transaction commits', async () => {
    const before = await queuedCount();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob(queue, {}, { tx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await queuedCount()).toBe(before);

    await db.$transaction((tx) => enqueueJob(queue, {}, { tx }));
    expect(await queuedCount()).toBe(before + 1);
  });

  it('runs a queued job in a worker', async () => {
    const boss = await getBoss();
    await boss.createQueue(queue, jobs[queue].queue);
    const done = new Promise<unknown>((resolve) => {
      void boss.work(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        const result = await jobs[queue].handle(jobs[queue].schema.parse(job.data));
        resolve(result);
        return result;
      });
    });
    await enqueueJob(queue, {});
    await expect(done).resolves.toMatchObject({ sessions: expect.any(Number) });
  });

  it('purges expired sessions, stale wallet challenges and old rate-limit windows only', async () => {
    const user = await db.user.create({ data: { roles: ['ADMIN'], email: 'purge@x.example' } });
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    await db.session.createMany({
      data: [
        { tokenHash: 'expired', userId: user.id, method: 'PASSWORD', expiresAt: past },
        { tokenHash: 'live', userId: user.id, method: 'PASSWORD', expiresAt: future },
      ],
    });
    await db.lnurlAuthChallenge.createMany({ data: [{ k1Hash: 'old', expiresAt: past }, { k1Hash: 'new', expiresAt: future }] });
    await db.rateLimitBucket.createMany({
      data: [
        { key: 'gone', windowStart: past, count: 3, expiresAt: past },
        { key: 'kept', windowStart: new Date(), count: 3, expiresAt: future },
      ],
    });
    expect(await purgeExpiredAuthState()).toEqual({ sessions: 1, challenges: 1, rateLimits: 1 });
    expect(await db.session.findMany({ select: { tokenHash: true } })).toEqual([{ tokenHash: 'live' }]);
  });
});
