// The suite's small version of bench/multi-server.mjs: two separate processes, each with its own connection pool
// (as two app servers have), run the task loop (a task leased ahead) for the same project at once, each with its
// own quality evaluator paying approved answers. Every item ends with exactly its judgments, nobody judges an item
// twice or holds more than two live leases, every judgment is evaluated once and each approved one paid once from
// the escrow, and the ledger sums to zero.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkAssignments } from '../../bench/lib/worker-loop-checks.mjs';

const { db } = await import('@/lib/db');
const { createTestItems, createTestProject, createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { getLedgerSum } = await import('@/lib/ledger/accounts');

function runChild(projectId: string, workerIds: string[], seconds: number): Promise<{ cycles: number; none: number; errors: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'test/scale/claim-loop-child.ts', projectId, workerIds.join(','), String(seconds)], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').at(-1)!)) : reject(new Error(`child exited ${code}: ${output}`))));
  });
}

describe('two app processes on one database', () => {
  it('hand out, record and pay every judgment exactly once', { timeout: 120_000 }, async () => {
    const items = 60;
    const projectId = await createTestProject({ judgmentsPerItem: 3, maxJudgmentsPerItem: 3, autoApproveAfterSeconds: 0, rewardMsats: 2_000n, feeBps: 500 });
    await createTestItems(projectId, items);
    const workers = await createTestWorkers(24);
    const [first, second] = await Promise.all([runChild(projectId, workers.slice(0, 12), 40), runChild(projectId, workers.slice(12), 40)]);

    expect({ ...first.errors, ...second.errors }).toEqual({});
    expect(first.cycles).toBeGreaterThan(0);
    expect(second.cycles).toBeGreaterThan(0);
    expect(first.cycles + second.cycles).toBe(items * 3);
    const query = (sql: string, params: unknown[]) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params).then((rows) => ({ rows }));
    const checks = await checkAssignments(query, projectId);
    expect(checks.violations).toEqual({ overAssignedItems: 0, negativeSlots: 0, duplicateJudgments: 0, duplicateAssignments: 0, judgmentsWithoutSubmittedAssignment: 0 });
    expect(await db.item.count({ where: { projectId, status: 'DONE', judgmentsDone: 3 } })).toBe(items);
    expect(await db.judgment.count({ where: { projectId, evaluatedAt: null } })).toBe(0);
    // Every judgment the quality rules approved was paid exactly once; the rest wait, unpaid.
    const approved = await db.judgment.count({ where: { projectId, status: 'APPROVED' } });
    expect(approved).toBeGreaterThan(0);
    expect(await db.ledgerTransfer.count({ where: { reason: 'JUDGMENT_REWARD', judgment: { projectId } } })).toBe(approved);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
