import 'server-only';
// Reading a project's judgments for an export in constant memory: keyset pages, never the whole project.
import { db, Prisma } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { StoredFilters } from './schemas';

export const JUDGMENT_PAGE_SIZE = 2_000;
export const ITEM_PAGE_SIZE = 500;

export interface JudgmentRecord {
  id: string;
  itemId: string;
  externalId: string;
  workerId: string;
  answer: unknown;
  shownOrder: unknown;
  durationMs: number;
  isGold: boolean;
  goldCorrect: boolean | null;
  status: string;
  createdAt: Date;
}

export interface ItemRecord {
  id: string;
  externalId: string;
  isGold: boolean;
  payload: unknown;
}

/** Judgment-level conditions (alias j; i = its item). Exam answers are qualification tests, never data. */
export function judgmentConditions(filters: StoredFilters, options: { isGoldFilterApplied?: boolean } = {}): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`j."isExam" = false`];
  if (filters.status === 'approved') parts.push(Prisma.sql`j.status = 'APPROVED'`);
  if (filters.from) parts.push(Prisma.sql`j."createdAt" >= ${filters.from}`);
  if (filters.to) parts.push(Prisma.sql`j."createdAt" <= ${filters.to}`);
  if (options.isGoldFilterApplied !== false) parts.push(...itemConditions(filters));
  else if (filters.batchId) parts.push(Prisma.sql`i."batchId" = ${filters.batchId}::uuid`);
  return Prisma.join(parts, ' AND ');
}

function itemConditions(filters: StoredFilters): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (filters.gold === 'exclude') parts.push(Prisma.sql`i."isGold" = false`);
  if (filters.gold === 'only') parts.push(Prisma.sql`i."isGold" = true`);
  if (filters.batchId) parts.push(Prisma.sql`i."batchId" = ${filters.batchId}::uuid`);
  return parts;
}

const judgmentColumns = Prisma.sql`j.id::text AS id, j."itemId"::text AS "itemId", i."externalId", j."workerId"::text AS "workerId",
  j.answer, a."shownOrder", j."durationMs", j."isGold", j."goldCorrect", j.status::text AS status, j."createdAt"`;

/** Every matching judgment with its item payload, by judgment id, `JUDGMENT_PAGE_SIZE` rows per query. */
export async function* readJudgmentPages(
  projectId: string,
  filters: StoredFilters,
  pageSize = JUDGMENT_PAGE_SIZE,
): AsyncGenerator<(JudgmentRecord & { payload: unknown })[]> {
  let cursor: string | null = null;
  for (;;) {
    const after: Prisma.Sql = cursor ? Prisma.sql`AND j.id > ${cursor}::uuid` : Prisma.empty;
    const rows: (JudgmentRecord & { payload: unknown })[] = await db.$queryRaw`
      SELECT ${judgmentColumns}, i.payload
      FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."projectId" = ${projectId}::uuid AND ${judgmentConditions(filters)} ${after}
      ORDER BY j.id LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1].id;
  }
}

/** Items that have at least one matching judgment, `ITEM_PAGE_SIZE` at a time, each with all its matching judgments. */
export async function* readItemPages(
  projectId: string,
  filters: StoredFilters,
  pageSize = ITEM_PAGE_SIZE,
): AsyncGenerator<{ item: ItemRecord; judgments: JudgmentRecord[] }[]> {
  let cursor: string | null = null;
  const conditions = judgmentConditions(filters);
  for (;;) {
    const after: Prisma.Sql = cursor ? Prisma.sql`AND i.id > ${cursor}::uuid` : Prisma.empty;
    const items: ItemRecord[] = await db.$queryRaw`
      SELECT i.id::text AS id, i."externalId", i."isGold", i.payload FROM "Item" i
      WHERE i."projectId" = ${projectId}::uuid ${after}
        AND EXISTS (SELECT 1 FROM "Judgment" j WHERE j."itemId" = i.id AND ${conditions})
      ORDER BY i.id LIMIT ${pageSize}`;
    if (items.length === 0) return;
    const judgments: JudgmentRecord[] = await db.$queryRaw`
      SELECT ${judgmentColumns}
      FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."itemId" = ANY(${items.map((item) => item.id)}::uuid[]) AND ${conditions}
      ORDER BY j."itemId", j.id`;
    const byItem = new Map<string, JudgmentRecord[]>(items.map((item) => [item.id, []]));
    for (const j of judgments) byItem.get(j.itemId)?.push(j);
    yield items.map((item) => ({ item, judgments: byItem.get(item.id) ?? [] }));
    if (items.length < pageSize) return;
    cursor = items[items.length - 1].id;
  }
}

/** External ids of the items with at least one matching judgment, 10,000 per query (for per-part item counts). */
export async function* readItemExternalIds(projectId: string, filters: StoredFilters, pageSize = 10_000): AsyncGenerator<string[]> {
  let cursor: string | null = null;
  const conditions = judgmentConditions(filters);
  for (;;) {
    const after: Prisma.Sql = cursor ? Prisma.sql`AND i.id > ${cursor}::uuid` : Prisma.empty;
    const rows: { id: string; externalId: string }[] = await db.$queryRaw`
      SELECT i.id::text AS id, i."externalId" FROM "Item" i
      WHERE i."projectId" = ${projectId}::uuid ${after}
        AND EXISTS (SELECT 1 FROM "Judgment" j WHERE j."itemId" = i.id AND ${conditions})
      ORDER BY i.id LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield rows.map((r) => r.externalId);
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1].id;
  }
}

export interface ExportCounts {
  judgments: number;
  items: number;
  /** computeGoldAccuracy's figures, when the gold filter keeps gold items (the same rows); null otherwise. */
  gold: GoldAccuracy | null;
}

/** One pass over the matching judgments: how many, over how many items, and their gold figures. */
export async function countExport(projectId: string, filters: StoredFilters): Promise<ExportCounts> {
  const [row] = await db.$queryRaw<{ judgments: bigint; items: bigint; judged: bigint; correct: bigint }[]>`
    SELECT count(*) AS judgments, count(DISTINCT j."itemId") AS items,
      count(*) FILTER (WHERE j."goldCorrect" IS NOT NULL) AS judged, count(*) FILTER (WHERE j."goldCorrect") AS correct
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
    WHERE j."projectId" = ${projectId}::uuid AND ${judgmentConditions(filters)}`;
  return {
    judgments: Number(row.judgments),
    items: Number(row.items),
    gold: filters.gold === 'include' ? toGoldAccuracy(row) : null,
  };
}

/** The categorical value a judgment is compared on, per task type (null: no agreement figure for the type). */
function agreementValue(taskType: TaskType): Prisma.Sql | null {
  switch (taskType) {
    case 'CLASSIFICATION':
      return Prisma.sql`j.answer->>'label'`;
    case 'MULTI_LABEL':
      return Prisma.sql`(SELECT coalesce(string_agg(x, '|' ORDER BY x), '') FROM jsonb_array_elements_text(j.answer->'labels') x)`;
    case 'PAIRWISE':
      return Prisma.sql`j.answer->>'choice'`;
    case 'RANKING':
      return Prisma.sql`(j.answer->'ranking'->0)::text`;
    default:
      return null;
  }
}

/**
 * Krippendorff's alpha (nominal) and percent agreement over the exported judgments, computed in SQL from per-item
 * value counts n_uc (m_u = Σ_c n_uc, units with m_u ≥ 2):
 *   alpha = 1 − (n − 1) Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1) / (n² − Σ_c n_c²),  percent = mean_u Σ_c n_uc(n_uc − 1)/(m_u(m_u − 1)).
 * RATING compares each criterion's score as its own unit (item:criterion); other types group on the item's uuid, which
 * sorts faster than its text.
 */
export async function computeAgreement(
  projectId: string,
  taskType: TaskType,
  filters: StoredFilters,
): Promise<{ krippendorffAlpha: number | null; percentAgreement: number | null; units: number }> {
  const conditions = judgmentConditions(filters);
  const value = agreementValue(taskType);
  const source =
    taskType === 'RATING'
      ? Prisma.sql`SELECT j."itemId"::text || ':' || s.key AS unit, s.value AS value FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId",
          jsonb_each_text(CASE WHEN jsonb_typeof(j.answer->'scores') = 'object' THEN j.answer->'scores' ELSE '{}'::jsonb END) s
          WHERE j."projectId" = ${projectId}::uuid AND ${conditions}`
      : value
        ? Prisma.sql`SELECT j."itemId" AS unit, ${value} AS value FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
          WHERE j."projectId" = ${projectId}::uuid AND ${conditions}`
        : null;
  if (!source) return { krippendorffAlpha: null, percentAgreement: null, units: 0 };
  const [row] = await db.$queryRaw<{ units: bigint; dis: number | null; n: number | null; sum_nc2: number | null; pa: number | null }[]>`
    WITH v AS (${source}),
    c AS (SELECT unit, value, count(*)::float8 AS n FROM v WHERE value IS NOT NULL GROUP BY unit, value),
    u AS (SELECT unit, sum(n) AS m, sum(n * n) AS s2, sum(n * (n - 1)) AS agree FROM c GROUP BY unit HAVING sum(n) >= 2),
    cat AS (SELECT c.value, sum(c.n) AS nc FROM c JOIN u USING (unit) GROUP BY c.value)
    SELECT (SELECT count(*) FROM u) AS units,
      (SELECT sum((m * m - s2) / (m - 1)) FROM u) AS dis,
      (SELECT sum(m) FROM u) AS n,
      (SELECT sum(nc * nc) FROM cat) AS sum_nc2,
      (SELECT avg(agree / (m * (m - 1))) FROM u) AS pa`;
  const n = row.n ?? 0;
  const expected = n * n - (row.sum_nc2 ?? 0);
  const alpha = n >= 2 && expected > 0 ? 1 - ((n - 1) * (row.dis ?? 0)) / expected : null;
  return { krippendorffAlpha: alpha, percentAgreement: row.pa, units: Number(row.units) };
}

export interface GoldAccuracy {
  judged: number;
  correct: number;
  accuracy: number | null;
}

function toGoldAccuracy(row: { judged: bigint; correct: bigint }): GoldAccuracy {
  const judged = Number(row.judged);
  const correct = Number(row.correct);
  return { judged, correct, accuracy: judged > 0 ? correct / judged : null };
}

/** Gold accuracy of the exported judgments' workers on gold items (every gold item, whatever the gold filter). */
export async function computeGoldAccuracy(projectId: string, filters: StoredFilters): Promise<GoldAccuracy> {
  const [row] = await db.$queryRaw<{ judged: bigint; correct: bigint }[]>`
    SELECT count(*) FILTER (WHERE j."goldCorrect" IS NOT NULL) AS judged, count(*) FILTER (WHERE j."goldCorrect") AS correct
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
    WHERE j."projectId" = ${projectId}::uuid AND ${judgmentConditions(filters, { isGoldFilterApplied: false })}`;
  return toGoldAccuracy(row);
}
