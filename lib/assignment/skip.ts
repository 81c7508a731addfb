import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { lockTreeRow } from '@/lib/trees/prune';
import { countTreeSkip } from '@/lib/trees/skips';
import { returnSlots } from './leases';
import { isUuid } from './ids';
import { TRANSACTION_OPTIONS } from './transaction';
import { isSkipReason, type SkipReason } from './types';

/**
 * The worker passes on their task: ACTIVE -> SKIPPED with the reason, and a regular item's slot goes back to the
 * pool. The item is never served to this worker again (the assignment row stays). Skipping twice, or skipping a
 * task whose lease already expired, changes nothing. Exam questions can't be skipped: that would let a worker
 * pick the questions they answer.
 */
export async function skipAssignment(
  workerId: string,
  input: { assignmentId: string; reason: SkipReason },
  options: { now?: Date } = {},
): Promise<{ projectId: string }> {
  if (!isSkipReason(input.reason)) throw new AppError('INVALID_INPUT', `Choose a reason to skip: unclear, broken, offensive, too hard or other.`);
  if (!isUuid(workerId) || !isUuid(input.assignmentId)) throw new AppError('NOT_FOUND', 'Task not found.');
  const now = options.now ?? new Date();

  const skipped = await db.$transaction(async (tx) => {
    // A conversation tree's task: its tree is locked first, the order every tree change takes (lib/trees).
    const [tree] = await tx.$queryRaw<{ treeId: string | null }[]>`
      SELECT i."treeId"::text AS "treeId" FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId" WHERE a.id = ${input.assignmentId}::uuid`;
    if (tree?.treeId) await lockTreeRow(tx, tree.treeId);
    const rows = await tx.$queryRaw<{ itemId: string; isGold: boolean; projectId: string; treeId: string | null; treeTaskKind: string | null }[]>`
      UPDATE "Assignment" a SET status = 'SKIPPED', "skipReason" = ${input.reason}, "finishedAt" = ${now}
      FROM "Item" i
      WHERE a.id = ${input.assignmentId}::uuid AND a."workerId" = ${workerId}::uuid AND a.status = 'ACTIVE'
        AND a."isExam" = false AND i.id = a."itemId"
      RETURNING a."itemId"::text AS "itemId", i."isGold", a."projectId"::text AS "projectId", i."treeId"::text AS "treeId",
        i."treeTaskKind"::text AS "treeTaskKind"`;
    const row = rows[0];
    if (row && !row.isGold) await returnSlots(tx, [row.itemId]);
    // A skipped reply counts toward halting its conversation tree (lib/trees/skips.ts).
    if (row?.treeId && row.treeTaskKind === 'REPLY') await countTreeSkip(tx, row.treeId, now);
    return row ?? null;
  }, TRANSACTION_OPTIONS);
  if (skipped) return { projectId: skipped.projectId };

  const assignment = await db.assignment.findUnique({ where: { id: input.assignmentId }, select: { workerId: true, status: true, isExam: true, projectId: true } });
  if (!assignment || assignment.workerId !== workerId) throw new AppError('NOT_FOUND', 'Task not found.');
  if (assignment.status === 'SUBMITTED') throw new AppError('INVALID_STATE', 'This task was already submitted.');
  if (assignment.isExam && assignment.status === 'ACTIVE') {
    throw new AppError('INVALID_STATE', 'Exam questions can’t be skipped: give your best answer.');
  }
  // SKIPPED already (a double tap) or EXPIRED: either way the task is gone from this worker, as asked.
  return { projectId: assignment.projectId };
}
