// One multi-row INSERT per chunk of validated rows. ON CONFLICT on (projectId, externalId) skips ids that already
// exist, in the project or earlier in the same file (the transaction sees its own rows), and RETURNING tells which
// rows went in, so every duplicate is reported with its line number.
import 'server-only';
import type { Tx } from '@/lib/db';

export interface PendingItem {
  line: number;
  externalId: string;
  /** JSON text of the validated payload / gold answer (null when not a gold item). */
  payloadJson: string;
  goldJson: string | null;
}

export interface ChunkTarget {
  projectId: string;
  batchId: string;
  isGold: boolean;
  judgmentsPerItem: number;
}

export interface DuplicateItem {
  line: number;
  externalId: string;
  /** Whether the id came earlier in this same file (else it was already in the project). */
  isInSameFile: boolean;
}

/** Inserts the chunk in file order and returns the rows skipped as duplicates. */
export async function insertItemChunk(tx: Tx, target: ChunkTarget, items: PendingItem[]): Promise<DuplicateItem[]> {
  if (items.length === 0) return [];
  const externalIds = items.map((item) => item.externalId);
  const payloads = items.map((item) => item.payloadJson);
  const golds = items.map((item) => item.goldJson);
  // uuidv7() (PostgreSQL 18) keeps ids in insertion order, which the item list pages by.
  const inserted = await tx.$queryRaw<{ externalId: string }[]>`
    INSERT INTO "Item" ("id", "projectId", "batchId", "externalId", "payload", "isGold", "goldAnswer",
                        "judgmentsNeeded", "openSlots")
    SELECT uuidv7(), ${target.projectId}::uuid, ${target.batchId}::uuid, t.external_id, t.payload,
           ${target.isGold}, t.gold, ${target.judgmentsPerItem}::int, ${target.judgmentsPerItem}::int
    FROM unnest(${externalIds}::text[], ${payloads}::jsonb[], ${golds}::jsonb[])
         WITH ORDINALITY AS t(external_id, payload, gold, ord)
    ORDER BY t.ord
    ON CONFLICT ("projectId", "externalId") DO NOTHING
    RETURNING "externalId"`;
  if (inserted.length === items.length) return [];

  // An id inserted by this statement belongs to its first row in file order; the other rows with it are duplicates.
  const unclaimed = new Set(inserted.map((row) => row.externalId));
  const skipped: PendingItem[] = [];
  for (const item of items) {
    if (unclaimed.has(item.externalId)) unclaimed.delete(item.externalId);
    else skipped.push(item);
  }
  const owners = await tx.$queryRaw<{ externalId: string; batchId: string | null }[]>`
    SELECT "externalId", "batchId"::text AS "batchId" FROM "Item"
    WHERE "projectId" = ${target.projectId}::uuid AND "externalId" = ANY(${skipped.map((item) => item.externalId)}::text[])`;
  const ownerBatch = new Map(owners.map((row) => [row.externalId, row.batchId]));
  return skipped.map((item) => ({
    line: item.line,
    externalId: item.externalId,
    isInSameFile: ownerBatch.get(item.externalId) === target.batchId,
  }));
}
