// The partial indexes Prisma's schema language cannot express live in the task_loop migration's SQL: a later
// generated migration could drop them without a word. This pins them, and the guarantee the lease-slot one gives.
import { describe, expect, it } from 'vitest';
import { db, getSqlState } from '@/lib/db';
import { claimLeases } from './claim';
import { createTestItems, createTestProject, createTestWorker } from './test-fixtures';

describe('hand-written partial indexes', () => {
  it('exist with their predicates', async () => {
    const rows = await db.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes
      WHERE indexname IN ('Assignment_live_slot_key', 'Judgment_unevaluated_idx', 'Judgment_pending_promise_idx', 'Assignment_live_promise_idx')
      ORDER BY indexname`;
    expect(rows.map((r) => r.indexname)).toEqual(['Assignment_live_promise_idx', 'Assignment_live_slot_key', 'Judgment_pending_promise_idx', 'Judgment_unevaluated_idx']);
    const def = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(def.Assignment_live_slot_key).toMatch(/UNIQUE INDEX .*\("workerId", "projectId", slot\) WHERE \(status = 'ACTIVE'/);
    expect(def.Judgment_unevaluated_idx).toMatch(/WHERE \("evaluatedAt" IS NULL\)/);
  });

  it('refuse a third live lease for a worker in a project, whatever code tries', async () => {
    const projectId = await createTestProject();
    const [third] = await createTestItems(projectId, 3);
    const workerId = await createTestWorker();
    const leases = await claimLeases(workerId, projectId, { want: 2 });
    expect(leases.kind).toBe('leases');
    const insert = db.assignment.create({ data: { itemId: third, projectId, workerId, status: 'ACTIVE', slot: 0, leaseExpiresAt: new Date(Date.now() + 60_000) } });
    const error = await insert.catch((caught: unknown) => caught);
    expect(getSqlState(error) ?? (error as { code?: string }).code).toMatch(/23505|P2002/);
  });
});
