import 'server-only';
import type { Tx } from '@/lib/db';
import { orderForAssignment } from './task-card';

// Position bias in rankings: the phone shows a ranking's replies in an order of their own per assignment
// (orderForAssignment), and the submit records that order on the assignment, as the claim does for PAIRWISE and
// RANKING tasks: Assignment.shownOrder[i] is the index, in the item's payload candidates, of the reply shown i-th.
// The raw export carries it (shown_order), so a team can measure whether the first reply shown wins too often.
// It is written at submit, not at claim: a WRITING project's live task view takes no shown order.

/** The shown order of candidates (payload order) for an assignment: shownOrder[i] = payload index of the i-th shown. */
export function shownOrderOf(candidateIds: readonly string[], assignmentId: string): number[] {
  const shown = orderForAssignment(candidateIds.map((id) => ({ id })), assignmentId);
  return shown.map(({ id }) => candidateIds.indexOf(id));
}

export async function recordShownOrder(tx: Tx, assignmentId: string, itemId: string): Promise<void> {
  const [item] = await tx.$queryRaw<{ candidates: { id: string }[] | null }[]>`
    SELECT payload->'tree'->'candidates' AS candidates FROM "Item" WHERE id = ${itemId}::uuid`;
  const ids = (item?.candidates ?? []).map((candidate) => candidate.id);
  if (ids.length === 0) return;
  await tx.$executeRaw`UPDATE "Assignment" SET "shownOrder" = ${JSON.stringify(shownOrderOf(ids, assignmentId))}::jsonb WHERE id = ${assignmentId}::uuid`;
}
