import 'server-only';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { LabelAggregate } from './lifecycle';

// Reads of tree messages shared by the submit, flags and model replies; callers hold the tree's row lock.

export type TreeMessageRow = {
  id: string;
  treeId: string;
  parentId: string | null;
  role: 'PROMPTER' | 'ASSISTANT';
  depth: number;
  authorWorkerId: string | null;
  judgmentId: string | null;
  reviewState: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  reviewCount: number;
  acceptVotes: number;
  labels: LabelAggregate | null;
  rankingCount: number;
  redFlagCount: number;
  deleted: boolean;
};

export async function getMessage(tx: Tx, messageId: string): Promise<TreeMessageRow> {
  const [row] = await tx.$queryRaw<TreeMessageRow[]>`
    SELECT id::text AS id, "treeId"::text AS "treeId", "parentId"::text AS "parentId", role::text AS role, depth,
      "authorWorkerId"::text AS "authorWorkerId", "judgmentId"::text AS "judgmentId", "reviewState"::text AS "reviewState",
      "reviewCount", "acceptVotes", labels, "rankingCount", "redFlagCount", "deletedAt" IS NOT NULL AS deleted
    FROM "TreeMessage" WHERE id = ${messageId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', 'Message not found.');
  return row;
}

export type LiveChild = { id: string; siblingSlot: number; textKey: string; authorWorkerId: string | null; isSynthetic: boolean };

export async function getLiveChildren(tx: Tx, parentId: string): Promise<LiveChild[]> {
  return tx.$queryRaw<LiveChild[]>`
    SELECT id::text AS id, "siblingSlot", "textKey", "authorWorkerId"::text AS "authorWorkerId", "isSynthetic" FROM "TreeMessage"
    WHERE "parentId" = ${parentId}::uuid AND "deletedAt" IS NULL ORDER BY "siblingSlot", id`;
}
