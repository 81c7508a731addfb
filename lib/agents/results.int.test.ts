// When a job's answers count as complete: the job closes as soon as every item has its judgments, but the results
// say isComplete only once no judgment is still waiting for review (its answer could still be rejected and redone).
import { afterAll, describe, expect, it } from 'vitest';

const { db } = await import('@/lib/db');
const { approveJudgment } = await import('@/lib/judgments/review');
const { stopBoss } = await import('@/lib/jobs/boss');
const { createAgentJob, submitJudgment } = await import('./test-fixtures');
const { getJobResults } = await import('./results');

afterAll(() => stopBoss());

describe('agent job results', () => {
  it('close the job when every item is answered, and are complete once no answer waits for review', async () => {
    const f = await createAgentJob({ paidMsats: 100_000n, refundKind: 'LIGHTNING_ADDRESS', refundTarget: 'agent@wallet.example', items: 2 });
    const first = await submitJudgment(f, f.itemIds[0]);
    await approveJudgment({ kind: 'AUTO' }, first);
    let results = await getJobResults(f.jobId);
    expect(results).toMatchObject({ isComplete: false, job: { status: 'ACTIVE', itemsDone: 1 } });
    expect(results.items.map((item) => item.item_id)).toEqual(['item-0']);

    const second = await submitJudgment(f, f.itemIds[1]); // still PENDING, as a flagged answer waits for an admin
    results = await getJobResults(f.jobId, { waitSeconds: 1 });
    expect(results).toMatchObject({ isComplete: false, job: { status: 'DONE', itemsDone: 2 } });
    expect(results.items).toHaveLength(1);

    await approveJudgment({ kind: 'AUTO' }, second);
    results = await getJobResults(f.jobId);
    expect(results.isComplete).toBe(true);
    expect(results.items.map((item) => item.item_id)).toEqual(['item-0', 'item-1']);
    expect(await db.agentJob.count({ where: { id: f.jobId, status: 'DONE' } })).toBe(1);
  });
});
