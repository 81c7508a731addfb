export type AssignmentViolations = {
  overAssignedItems: number;
  negativeSlots: number;
  duplicateJudgments: number;
  duplicateAssignments: number;
  judgmentsWithoutSubmittedAssignment: number;
};
export function checkAssignments(
  query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  projectId: string,
): Promise<{ violations: AssignmentViolations; violationCount: number; judgments: number; assignmentsByStatus: Record<string, number> }>;
