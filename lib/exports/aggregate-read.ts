import 'server-only';
// The whole-project fit's reader: a keyset page of items at a time with only what the model needs (worker and
// answer per judgment, no payloads), the same judgments the export itself reads (read.ts's conditions).
import { db, Prisma } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { AggregationOptionsError, aggregationOptionsSchema, parseWithClearErrors } from '@/lib/aggregation';
import { AppError } from '@/lib/errors';
import { fitProjectAggregation, type FitItem, type ProjectAggregation } from './aggregate-fit';
import { isRecord } from './aggregate-votes';
import { judgmentConditions } from './read';
import type { StoredFilters } from './schemas';

/** Items per query while fitting: one page of votes (about 10 judgments per item) is all that is held. */
export const FIT_PAGE_SIZE = 2_000;

type ItemVotesRow = { itemId: string; externalId: string; workers: string[]; answers: unknown };

/**
 * Every item with a matching judgment, `pageSize` items per query, each with its matching judgments by id. One row
 * per item (the judgments aggregated in SQL): EM reads the project once per iteration, and ten times fewer rows
 * through the driver is most of a pass's cost.
 */
export async function* readFitPages(projectId: string, filters: StoredFilters, pageSize = FIT_PAGE_SIZE): AsyncGenerator<FitItem[]> {
  const conditions = judgmentConditions(filters);
  let cursor: string | null = null;
  for (;;) {
    const after: Prisma.Sql = cursor ? Prisma.sql`AND i.id > ${cursor}::uuid` : Prisma.empty;
    const rows: ItemVotesRow[] = await db.$queryRaw`
      WITH page AS (
        SELECT i.id FROM "Item" i
        WHERE i."projectId" = ${projectId}::uuid ${after}
          AND EXISTS (SELECT 1 FROM "Judgment" j WHERE j."itemId" = i.id AND ${conditions})
        ORDER BY i.id LIMIT ${pageSize})
      SELECT i.id::text AS "itemId", i."externalId",
        array_agg(j."workerId"::text ORDER BY j.id) AS workers, jsonb_agg(j.answer ORDER BY j.id) AS answers
      FROM page JOIN "Item" i ON i.id = page.id JOIN "Judgment" j ON j."itemId" = i.id JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE ${conditions}
      GROUP BY i.id, i."externalId"
      ORDER BY i.id`;
    const items: FitItem[] = rows.map((row) => {
      const answers: unknown[] = Array.isArray(row.answers) ? row.answers : [];
      return { externalId: row.externalId, judgments: row.workers.map((workerId, n) => ({ workerId, answer: answers[n] })) };
    });
    if (items.length > 0) yield items;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1].itemId;
  }
}

/** CLASSIFICATION labels actually answered, for projects whose config lists none. */
async function readAnsweredLabels(projectId: string, filters: StoredFilters): Promise<string[]> {
  const rows: { label: string }[] = await db.$queryRaw`
    SELECT DISTINCT j.answer->>'label' AS label
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
    WHERE j."projectId" = ${projectId}::uuid AND jsonb_typeof(j.answer->'label') = 'string' AND ${judgmentConditions(filters)}`;
  return rows.map((r) => r.label).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Fits the export's categorical model over the whole project (one streamed pass per EM iteration) and renames its
 * workers to the export's pseudonyms, which is how `aggregateItems` sees them. Options were validated when the
 * export was requested; they are parsed again here because stored filters are external data.
 */
export async function fitExportAggregation(input: {
  projectId: string;
  filters: StoredFilters;
  project: { taskType: TaskType; typeConfig: unknown };
  pseudonym: (workerId: string) => string;
}): Promise<ProjectAggregation> {
  const { projectId, filters, project } = input;
  let options;
  try {
    options = parseWithClearErrors(aggregationOptionsSchema, filters.aggregation);
  } catch (error) {
    // Refused at request time already; a stored row edited since gets the same message on the export, not a generic one.
    if (error instanceof AggregationOptionsError) throw new AppError('INVALID_INPUT', error.message, { cause: error });
    throw error;
  }
  const hasLabels = isRecord(project.typeConfig) && Array.isArray(project.typeConfig.labels) && project.typeConfig.labels.length > 0;
  const classes = project.taskType === 'CLASSIFICATION' && !hasLabels ? await readAnsweredLabels(projectId, filters) : undefined;
  const model = await fitProjectAggregation({
    taskType: project.taskType,
    typeConfig: project.typeConfig,
    options,
    classes,
    readPages: () => readFitPages(projectId, filters),
  });
  for (const fitter of model.fitters ?? []) fitter.renameWorkers(input.pseudonym);
  return model;
}
