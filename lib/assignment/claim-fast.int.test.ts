// The one-statement claim (claim-fast.ts): its window reads the claim index, concurrent claims of one worker end
// with two leases at most, and it hands over to the transactional claim for what it does not settle.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { buildStatement, claimLeasesFast } from './claim-fast';
import { claimLeases } from './claim';
import { pickScanStart } from './pivots';
import { createTestItems, createTestProject, createTestWorker } from './test-fixtures';

describe('the one-statement claim', () => {
  it('reads a rare open-slot count off the claim index, never by walking the primary key', async () => {
    // Late in a project most open items still have all their slots and a few have one left: the claim prefers those
    // few, and each range must be an index seek. (With the count unknown at planning, the planner once walked the
    // primary key filtering out thousands of rows per claim.)
    const projectId = await createTestProject();
    const ids = await createTestItems(projectId, 2_000);
    await db.item.updateMany({ where: { id: { in: ids.filter((_, i) => i % 40 === 0) } }, data: { openSlots: 1 } });
    await db.$executeRawUnsafe('ANALYZE "Item"');
    const workerId = await createTestWorker();
    const { pivot, groups } = await pickScanStart(projectId, Math.random);
    expect(groups).toBe(3);
    const statement = buildStatement({ workerId, projectId, want: 2, pivot, groups, random: Math.random, now: new Date() }, { orderSeed: 'x', goldDraw1: 0.5, goldDraw2: 0.5, ids: [crypto.randomUUID(), crypto.randomUUID()] });
    const plan = (await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${statement.text}`, ...statement.values)).map((row) => row['QUERY PLAN']).join('\n');
    const seeks = plan.match(/Index (Only )?Scan (Backward )?using "Item_projectId_status_isGold_openSlots_id_idx"[^\n]*\n\s*Index Cond: \([^\n]*\("openSlots" = 1\) AND \(id (<=|>)/g);
    expect(seeks, plan).toHaveLength(2);
  });

  it('keeps a generic plan (the one a prepared claim is planned once with) on index probes over a small window', async () => {
    // queryRows prepares the claim, and PostgreSQL switches a prepared statement to its generic plan once that looks
    // no worse than replanning (planning the claim cost 2-5 ms against ~1.5 ms to run it). A parameter in the
    // window's LIMIT made that plan expect thousands of candidates and hash-join a scan of every Item.
    const projectId = await createTestProject();
    await createTestItems(projectId, 2_000);
    const workerId = await createTestWorker();
    await claimLeases(workerId, projectId, { want: 2 }); // Assignment and Judgment are not empty when analyzed
    await db.$executeRawUnsafe('ANALYZE');
    const { pivot, groups } = await pickScanStart(projectId, Math.random);
    const statement = buildStatement({ workerId, projectId, want: 2, pivot, groups, random: Math.random, now: new Date() }, { orderSeed: 'x', goldDraw1: 0.5, goldDraw2: 0.5, ids: [crypto.randomUUID(), crypto.randomUUID()] });
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL plan_cache_mode = force_generic_plan');
      await tx.$executeRawUnsafe(`PREPARE generic_claim AS ${statement.text}`);
      const text = (value: unknown): string => (value instanceof Date ? value.toISOString() : Array.isArray(value) ? `{${value.map(text).join(',')}}` : String(value));
      const literal = (value: unknown) => (value === null ? 'NULL' : `'${text(value).replaceAll("'", "''")}'`);
      const rows = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN EXECUTE generic_claim(${statement.values.map(literal).join(', ')})`);
      await tx.$executeRawUnsafe('DEALLOCATE generic_claim');
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan, plan).not.toMatch(/Seq Scan on "Item"|Hash Join/);
    expect(plan, plan).toMatch(/Index Scan using "Item_pkey" on "Item" i\b/);
  });

  it('gives a worker who claims six times at once exactly two leases, in slots 0 and 1', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 20);
    const workerId = await createTestWorker();
    const results = await Promise.all(Array.from({ length: 6 }, () => claimLeases(workerId, projectId, { want: 2 })));
    const leases = await db.assignment.findMany({ where: { workerId }, select: { id: true, slot: true, shownAt: true } });
    expect(leases.map((l) => l.slot).sort()).toEqual([0, 1]);
    expect(leases.filter((l) => l.shownAt !== null)).toHaveLength(1);
    for (const result of results) {
      if (result.kind !== 'leases') throw new Error(result.reason);
      expect(new Set([result.current.assignmentId, result.ahead?.assignmentId])).toEqual(new Set(leases.map((l) => l.id)));
    }
    const slots = await db.item.aggregate({ where: { projectId }, _sum: { openSlots: true } });
    expect(slots._sum.openSlots).toBe(20 * 3 - 2);
  });

  it('leaves exams, gold draws and budgets that are not ample to the transactional claim', async () => {
    const exam = await createTestProject({ taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'], allowUnsure: false, allowFlag: false }, examGoldCount: 1, examPassCount: 1 });
    await createTestItems(exam, 1, { isGold: true, goldAnswer: { label: 'a' }, payload: () => ({ text: 'x' }) });
    const gold = await createTestProject({ goldRatio: 1 });
    await createTestItems(gold, 3);
    const tight = await createTestProject({ rewardMsats: 1_000_000_000n }); // the fixture's escrow pays ten of these
    await createTestItems(tight, 3);
    const workerId = await createTestWorker();
    for (const projectId of [exam, gold, tight]) {
      const { pivot, groups } = await pickScanStart(projectId, Math.random);
      expect(await claimLeasesFast({ workerId, projectId, want: 1, pivot, groups, random: () => 0.5, now: new Date() })).toMatchObject({ kind: 'slow' });
    }
    expect(await db.assignment.count({ where: { workerId } })).toBe(0);
  });
});
