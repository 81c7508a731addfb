// Assignment invariants, checked with SQL after a run. Violations (must all be 0):
//   overAssignedItems  items holding more ACTIVE + SUBMITTED assignments than judgmentsNeeded
//   negativeSlots      items whose openSlots went below 0
//   duplicateJudgments (worker, item) pairs with more than one judgment
//   duplicateAssignments (worker, item) pairs with more than one assignment (the unique index forbids it; checked anyway)
//   judgmentsWithoutSubmittedAssignment judgments whose assignment is not SUBMITTED
// Also returned, not violations: counts of judgments and assignments by status.

/** @param {(sql: string, params: unknown[]) => Promise<{ rows: any[] }>} query */
export async function checkAssignments(query, projectId) {
  const count = async (sql) => Number((await query(sql, [projectId])).rows[0].n);
  const violations = {
    overAssignedItems: await count(`
      SELECT count(*) AS n FROM (
        SELECT i.id FROM "Item" i JOIN "Assignment" a ON a."itemId" = i.id AND a.status IN ('ACTIVE', 'SUBMITTED')
        WHERE i."projectId" = $1::uuid GROUP BY i.id, i."judgmentsNeeded" HAVING count(*) > i."judgmentsNeeded") x`),
    negativeSlots: await count(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = $1::uuid AND "openSlots" < 0`),
    duplicateJudgments: await count(`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "Judgment" WHERE "projectId" = $1::uuid GROUP BY "workerId", "itemId" HAVING count(*) > 1) x`),
    duplicateAssignments: await count(`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "Assignment" WHERE "projectId" = $1::uuid GROUP BY "workerId", "itemId" HAVING count(*) > 1) x`),
    judgmentsWithoutSubmittedAssignment: await count(`
      SELECT count(*) AS n FROM "Judgment" j JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."projectId" = $1::uuid AND (a.status <> 'SUBMITTED' OR a."workerId" <> j."workerId" OR a."itemId" <> j."itemId")`),
  };
  const judgments = await count(`SELECT count(*) AS n FROM "Judgment" WHERE "projectId" = $1::uuid`);
  const { rows } = await query(`SELECT status::text, count(*)::int AS n FROM "Assignment" WHERE "projectId" = $1::uuid GROUP BY status`, [projectId]);
  return {
    violations,
    violationCount: Object.values(violations).reduce((sum, n) => sum + n, 0),
    judgments,
    assignmentsByStatus: Object.fromEntries(rows.map((row) => [row.status, row.n])),
  };
}

/**
 * Money and lease invariants over the whole database after a run (with the quality evaluator paying answers).
 * Violations (must all be 0): judgments rewarded twice, approved judgments with a reward but no reward transfer,
 * reward transfers for judgments that are not approved, a ledger that does not sum to zero, and workers holding more
 * than two live leases in a project.
 * @param {(sql: string, params: unknown[]) => Promise<{ rows: any[] }>} query
 */
export async function checkMoney(query) {
  const count = async (sql) => Number((await query(sql, [])).rows[0].n);
  const violations = {
    judgmentsRewardedTwice: await count(`
      SELECT count(*) AS n FROM (SELECT "judgmentId" FROM "LedgerTransfer" WHERE reason = 'JUDGMENT_REWARD' GROUP BY "judgmentId" HAVING count(*) > 1) x`),
    approvedUnpaid: await count(`
      SELECT count(*) AS n FROM "Judgment" j WHERE j.status = 'APPROVED' AND j."rewardMsats" > 0
        AND NOT EXISTS (SELECT 1 FROM "LedgerTransfer" t WHERE t."judgmentId" = j.id AND t.reason = 'JUDGMENT_REWARD')`),
    paidNotApproved: await count(`
      SELECT count(*) AS n FROM "LedgerTransfer" t JOIN "Judgment" j ON j.id = t."judgmentId"
      WHERE t.reason = 'JUDGMENT_REWARD' AND j.status <> 'APPROVED'`),
    ledgerNotZero: await count(`SELECT (coalesce(sum("balanceMsats"), 0) <> 0)::int AS n FROM "LedgerAccount"`),
    tooManyLiveLeases: await count(`
      SELECT count(*) AS n FROM (SELECT 1 FROM "Assignment" WHERE status = 'ACTIVE' GROUP BY "workerId", "projectId" HAVING count(*) > 2) x`),
  };
  const byStatus = (await query(`SELECT status::text, count(*)::int AS n FROM "Judgment" GROUP BY status`, [])).rows;
  return {
    violations,
    violationCount: Object.values(violations).reduce((sum, n) => sum + n, 0),
    judgmentsByStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.n])),
  };
}
