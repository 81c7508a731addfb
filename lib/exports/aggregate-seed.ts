// Integration-test helper: a CLASSIFICATION project seeded in bulk from crowd votes (e.g. Snow et al. 2008), with one
// approved judgment per vote. createMany in chunks, so tens of thousands of judgments take seconds.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { CategoricalVote } from '@/lib/aggregation';
import { createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';

const CHUNK = 5_000;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let n = 0; n < rows.length; n += CHUNK) await write(rows.slice(n, n + CHUNK));
}

/** Returns the project id and the database worker id of each vote's worker name. */
export async function seedClassificationVotes(votes: readonly CategoricalVote[], labels: readonly string[]): Promise<{ projectId: string; workerIds: Map<string, string> }> {
  const projectId = await createTestProject({ taskType: 'CLASSIFICATION', typeConfig: { labels: [...labels], allowUnsure: false }, title: 'Crowd labels' });
  const names = [...new Set(votes.map((v) => v.worker))];
  const workerIds = new Map((await createTestWorkers(names.length)).map((id, n) => [names[n], id]));
  const itemIds = new Map([...new Set(votes.map((v) => v.item))].map((externalId) => [externalId, randomUUID()]));
  await inChunks([...itemIds], (chunk) =>
    db.item.createMany({
      data: chunk.map(([externalId, id]) => ({ id, projectId, externalId, payload: { text: externalId }, judgmentsNeeded: 10, openSlots: 0, judgmentsDone: 10, status: 'DONE' as const })),
    }),
  );
  // Assignments and judgments by unnest: one statement per chunk instead of tens of thousands of bound rows.
  const rows = votes.map((v) => ({ assignmentId: randomUUID(), itemId: itemIds.get(v.item)!, workerId: workerIds.get(v.worker)!, label: v.label }));
  await inChunks(rows, async (chunk) => {
    const ids = chunk.map((r) => r.assignmentId);
    const items = chunk.map((r) => r.itemId);
    const workers = chunk.map((r) => r.workerId);
    const labelList = chunk.map((r) => r.label);
    await db.$executeRaw`
      INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "leaseExpiresAt", "finishedAt")
      SELECT t.id, t.item, ${projectId}::uuid, t.worker, 'SUBMITTED', now(), now()
      FROM unnest(${ids}::uuid[], ${items}::uuid[], ${workers}::uuid[]) AS t(id, item, worker)`;
    await db.$executeRaw`
      INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", status, "rewardMsats", "createdAt")
      SELECT gen_random_uuid(), t.id, t.item, ${projectId}::uuid, t.worker, jsonb_build_object('label', t.label), 5000, 'APPROVED', 1000, now()
      FROM unnest(${ids}::uuid[], ${items}::uuid[], ${workers}::uuid[], ${labelList}::text[]) AS t(id, item, worker, label)`;
  });
  // As autovacuum would have by export time: without statistics the planner walks the fresh rows badly.
  for (const table of ['Item', 'Assignment', 'Judgment']) await db.$executeRawUnsafe(`ANALYZE "${table}"`);
  return { projectId, workerIds };
}
