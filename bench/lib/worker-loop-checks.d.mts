type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type AssignmentViolations = {
  overAssignedItems: number;
  negativeSlots: number;
  duplicateJudgments: number;
  duplicateAssignments: number;
  judgmentsWithoutSubmittedAssignment: number;
};
export function checkAssignments(
  query: Query,
  projectId: string,
): Promise<{ violations: AssignmentViolations; violationCount: number; judgments: number; assignmentsByStatus: Record<string, number> }>;

export type MoneyViolations = {
  judgmentsRewardedTwice: number;
  approvedUnpaid: number;
  paidNotApproved: number;
  ledgerNotZero: number;
  tooManyLiveLeases: number;
};
export function checkMoney(query: Query): Promise<{ violations: MoneyViolations; violationCount: number; judgmentsByStatus: Record<string, number> }>;
