// The task page's reasons when a task URL has nothing to answer: the worker is told what happened to it.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { advanceTaskLoop } from './loop';
import { claimLeases } from './claim';
import { createTestItems, createTestProject, createTestWorkers } from './test-fixtures';
import { getAssignmentForWorker, getUnavailableReason } from './view';

async function leaseOne(workerId: string, projectId: string) {
  const leases = await claimLeases(workerId, projectId, { want: 1 });
  if (leases.kind !== 'leases') throw new Error(leases.reason);
  return leases.current.assignmentId;
}

describe('getUnavailableReason', () => {
  it('tells answered, skipped, timed out and unknown (or another worker\'s) apart', async () => {
    const projectId = await createTestProject({ leaseSeconds: 600 });
    await createTestItems(projectId, 5);
    const [workerId, otherId] = await createTestWorkers(2);

    const answered = await leaseOne(workerId, projectId);
    await advanceTaskLoop(workerId, { assignmentId: answered, outcome: { answer: { choice: 'A' } }, aheadId: null });
    const skipped = await leaseOne(workerId, projectId);
    await advanceTaskLoop(workerId, { assignmentId: skipped, outcome: { skip: 'unclear' }, aheadId: null });
    const timedOut = await leaseOne(workerId, projectId);
    await db.assignment.update({ where: { id: timedOut }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });

    for (const id of [answered, skipped, timedOut]) expect(await getAssignmentForWorker(workerId, id)).toBeNull();
    expect(await getUnavailableReason(workerId, answered)).toBe('answered');
    expect(await getUnavailableReason(workerId, skipped)).toBe('skipped');
    expect(await getUnavailableReason(workerId, timedOut)).toBe('expired');
    expect(await getUnavailableReason(otherId, answered)).toBe('unknown');
    expect(await getUnavailableReason(workerId, '00000000-0000-4000-8000-000000000000')).toBe('unknown');
    expect(await getUnavailableReason(workerId, 'not-a-uuid')).toBe('unknown');
  });
});
