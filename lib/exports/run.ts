import 'server-only';
// The `export.run` job: streams a project's judgments into ExportChunk rows, then writes the dataset card and stats,
// marks the export READY and emits `export.ready`, in one transaction. Safe to re-run: a QUEUED/RUNNING/FAILED
// export starts over (its chunks are deleted first); a READY or EXPIRED one is left alone.
// The counts and agreement figures are queried while the rows stream, on other connections. The conversation-tree
// formats take their own path (run-trees.ts): tree by tree, with a card of their own.
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { getPositionBias } from '@/lib/quality/position-bias-read';
import { projectTypeLabel } from '@/lib/projects/type-label';
import packageJson from '@/package.json';
import { buildDatasetCard, type ExportStats } from './card';
import { fromStoredContainer } from './files';
import { createLineEncoder, isTreeFormat } from './formats';
import { createPseudonymizer, createSplitAssigner } from './ids';
import { computeAgreement, computeGoldAccuracy, countExport, judgmentConditions, readItemExternalIds } from './read';
import { writeItemUnits, writeJudgmentPages } from './run-lines';
import { writeRawJsonLines } from './raw-jsonl';
import { closeExportFiles, disposeExportFiles, markExportReady, openExportFiles } from './run-files';
import { buildTreeExport } from './run-trees';
import { storedFiltersSchema, type ExportPart, type StoredFilters } from './schemas';

export async function runExport(exportId: string): Promise<{ status: string; rows: number }> {
  const started = await db.export.updateMany({
    where: { id: exportId, status: { in: ['QUEUED', 'RUNNING', 'FAILED'] } },
    data: { status: 'RUNNING', rowsWritten: 0, error: null, completedAt: null },
  });
  if (started.count === 0) {
    const current = await db.export.findUnique({ where: { id: exportId }, select: { status: true, rowsWritten: true } });
    return { status: current?.status ?? 'MISSING', rows: current?.rowsWritten ?? 0 };
  }
  await db.exportChunk.deleteMany({ where: { exportId } });
  try {
    return await buildExport(exportId);
  } catch (error) {
    const message = isAppError(error) ? error.message : 'The export failed unexpectedly; it will be retried.';
    logError('export failed', error, { exportId });
    await db.export.updateMany({ where: { id: exportId, status: 'RUNNING' }, data: { status: 'FAILED', error: message } });
    throw error;
  }
}

/** Items per part of a split judgment-level export (judgments of an item are not contiguous by id: a light pass of its own). */
async function countItemsPerPart(projectId: string, filters: StoredFilters, partOf: (externalId: string) => ExportPart): Promise<Record<string, number>> {
  const items: Record<string, number> = { train: 0, validation: 0 };
  for await (const ids of readItemExternalIds(projectId, filters)) for (const id of ids) items[partOf(id)] += 1;
  return items;
}

/** Starts `work` now and lets it fail quietly until awaited (the stream may fail first). */
function startEarly<T>(work: () => Promise<T>): Promise<T> {
  const promise = work();
  promise.catch(() => {});
  return promise;
}

async function buildExport(exportId: string): Promise<{ status: string; rows: number }> {
  const exp = await db.export.findUniqueOrThrow({
    where: { id: exportId },
    select: {
      id: true,
      format: true,
      container: true,
      filters: true,
      teamId: true,
      projectId: true,
      project: { select: { title: true, taskType: true, typeConfig: true, treeConfig: true, instructions: true, license: true } },
      team: { select: { pseudonymSalt: true } },
    },
  });
  const { project, projectId } = exp;
  const filters = storedFiltersSchema.parse(exp.filters);
  if (isTreeFormat(exp.format)) return buildTreeExport({ ...exp, format: exp.format }, filters);
  const encoder = createLineEncoder(exp.format, project.taskType);
  const pseudonym = createPseudonymizer(exp.team.pseudonymSalt);
  const hasAgreementFilter = filters.minAgreement !== undefined || filters.minConfidence !== undefined;
  const isJudgmentStream = encoder.source === 'raw' && !hasAgreementFilter;
  const partOf = filters.split ? createSplitAssigner(filters.split) : null;

  const counts = startEarly(() => countExport(projectId, filters));
  const totals = startEarly(async () => {
    const { judgments, items } = await counts;
    await db.export.updateMany({ where: { id: exportId, status: 'RUNNING' }, data: { rowsTotal: encoder.source === 'raw' ? judgments : items } });
  });
  const quality = startEarly(() =>
    Promise.all([computeAgreement(projectId, project.taskType, filters), counts.then(({ gold }) => gold ?? computeGoldAccuracy(projectId, filters))]),
  );
  const positionBias = startEarly(() => getPositionBias(projectId, project.taskType, judgmentConditions(filters), pseudonym));
  const judgmentItems = !isJudgmentStream
    ? null
    : startEarly(async () => (partOf ? countItemsPerPart(projectId, filters, partOf) : { all: (await counts).items }));

  const { progress, pipeline, sinks, parquet, writers } = await openExportFiles(exp, filters, encoder.header);

  let rowsWritten: number;
  let itemsPerPart: Record<string, number>;
  let dropped: Record<string, number> = { tie: 0, both_bad: 0, no_judgments: 0 };
  let filteredOut = 0;
  try {
    if (isJudgmentStream) {
      const lines = { projectId, filters, pseudonym, partOf, writers, pipeline };
      rowsWritten = exp.format === 'RAW_JSONL' && !parquet ? await writeRawJsonLines({ ...lines, writers: sinks }) : await writeJudgmentPages({ ...lines, encoder });
      itemsPerPart = await judgmentItems!;
    } else {
      ({ rowsWritten, itemsPerPart, dropped, filteredOut } = await writeItemUnits({ projectId, project, filters, pseudonym, partOf, encoder, writers }));
    }
    await closeExportFiles({ sinks, parquet, pipeline });
  } finally {
    await disposeExportFiles({ progress, pipeline, parquet });
    // On failure too: no count may still be running when a retry starts over.
    await Promise.allSettled([counts, totals, quality, judgmentItems, positionBias]);
  }
  const [[agreement, gold]] = await Promise.all([quality, totals]);

  const list = [...sinks.values()];
  const stats: ExportStats = {
    rows: Object.fromEntries(list.map((w) => [w.part, w.rows])),
    items: itemsPerPart,
    dropped,
    filteredOut,
    fit: encoder.fitCounts,
    agreement,
    gold,
    gzipBytes: list.reduce((s, w) => s + w.gzipBytes, 0),
    rawBytes: list.reduce((s, w) => s + w.rawBytes, 0),
  };
  const card = buildDatasetCard({
    projectTitle: project.title,
    taskType: project.taskType,
    taskTypeLabel: projectTypeLabel(project),
    format: exp.format,
    container: fromStoredContainer(exp.container),
    instructions: project.instructions,
    licence: filters.licence ?? project.license ?? null,
    language: filters.language ?? 'en',
    filters,
    stats,
    generatedAt: new Date(),
    version: packageJson.version,
    positionBias: await positionBias,
  });

  return markExportReady(exp, rowsWritten, stats, card);
}

