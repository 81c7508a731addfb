import 'server-only';
// The `export.run` job: streams a project's judgments into ExportChunk rows, then writes the dataset card and stats,
// marks the export READY and emits `export.ready`, in one transaction. Safe to re-run: a QUEUED/RUNNING/FAILED
// export starts over (its chunks are deleted first); a READY or EXPIRED one is left alone.
import { db, type Prisma } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { taskTypeLabels } from '@/lib/tasks';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import packageJson from '@/package.json';
import { aggregateItems } from './aggregate';
import { buildDatasetCard, type ExportStats } from './card';
import { ExportPartWriter } from './chunk-writer';
import { toKtoExamples, toPreferencePairs, toSftExamples } from './derive';
import { createLineEncoder, type RawJudgmentRow } from './formats';
import { assignSplitPart, createPseudonymizer } from './ids';
import { computeAgreement, computeGoldAccuracy, countExportUnits, readItemExternalIds, readItemPages, readJudgmentPages, type JudgmentRecord } from './read';
import { storedFiltersSchema, type ExportPart } from './schemas';

function toShownOrder(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : null;
}

function toRawRow(j: JudgmentRecord, payload: unknown, pseudonym: (id: string) => string): RawJudgmentRow {
  return {
    id: j.id,
    itemId: j.externalId,
    workerId: pseudonym(j.workerId),
    answer: j.answer,
    shownOrder: toShownOrder(j.shownOrder),
    durationMs: j.durationMs,
    isGold: j.isGold,
    goldCorrect: j.goldCorrect,
    status: j.status,
    createdAt: j.createdAt.toISOString(),
    payload,
  };
}

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

async function buildExport(exportId: string): Promise<{ status: string; rows: number }> {
  const exp = await db.export.findUniqueOrThrow({
    where: { id: exportId },
    select: {
      id: true,
      format: true,
      filters: true,
      teamId: true,
      projectId: true,
      project: { select: { title: true, taskType: true, typeConfig: true, instructions: true, license: true } },
      team: { select: { pseudonymSalt: true } },
    },
  });
  const { project } = exp;
  const filters = storedFiltersSchema.parse(exp.filters);
  const encoder = createLineEncoder(exp.format, project.taskType);
  const pseudonym = createPseudonymizer(exp.team.pseudonymSalt);
  const hasAgreementFilter = filters.minAgreement !== undefined || filters.minConfidence !== undefined;
  const isJudgmentStream = encoder.source === 'raw' && !hasAgreementFilter;

  await db.export.update({
    where: { id: exportId },
    data: { rowsTotal: await countExportUnits(exp.projectId, filters, encoder.source === 'raw' ? 'judgments' : 'items') },
  });

  let rowsWritten = 0;
  const reportProgress = async () => {
    await db.export.update({ where: { id: exportId }, data: { rowsWritten } });
  };
  const partNames: ExportPart[] = filters.split ? ['train', 'validation'] : ['all'];
  const writers = new Map(partNames.map((part) => [part, new ExportPartWriter(exportId, part, encoder.header, reportProgress)]));
  for (const writer of writers.values()) await writer.start();
  const itemsPerPart: Record<string, number> = Object.fromEntries(partNames.map((p) => [p, 0]));
  const dropped: Record<string, number> = { tie: 0, both_bad: 0, no_judgments: 0 };
  let filteredOut = 0;

  const partOf = (externalId: string): ExportPart =>
    filters.split ? assignSplitPart(filters.split.seed, externalId, filters.split.validationRatio) : 'all';
  const emit = async (part: ExportPart, line: string) => {
    rowsWritten += 1;
    await writers.get(part)!.write(line);
  };

  if (isJudgmentStream) {
    for await (const page of readJudgmentPages(exp.projectId, filters)) {
      for (const j of page) await emit(partOf(j.externalId), encoder.encode(toRawRow(j, j.payload, pseudonym)));
    }
    // Judgments of an item are not contiguous by id: count the items per part in a separate light pass.
    for await (const ids of readItemExternalIds(exp.projectId, filters)) for (const id of ids) itemsPerPart[partOf(id)] += 1;
  } else {
    for await (const page of readItemPages(exp.projectId, filters)) {
      const aggregated = aggregateItems(
        project.taskType,
        project.typeConfig,
        page.map(({ item, judgments }) => ({
          externalId: item.externalId,
          isGold: item.isGold,
          payload: item.payload,
          judgments: judgments.map((j) => ({ workerId: pseudonym(j.workerId), answer: j.answer })),
        })),
      );
      for (let i = 0; i < page.length; i++) {
        const agg = aggregated[i];
        const { item, judgments } = page[i];
        if (
          (filters.minAgreement !== undefined && (agg.agreement ?? 0) < filters.minAgreement) ||
          (filters.minConfidence !== undefined && (agg.confidence ?? 0) < filters.minConfidence)
        ) {
          filteredOut += 1;
          continue;
        }
        const part = partOf(item.externalId);
        const before = rowsWritten;
        if (encoder.source === 'raw') for (const j of judgments) await emit(part, encoder.encode(toRawRow(j, item.payload, pseudonym)));
        else if (encoder.source === 'aggregated') await emit(part, encoder.encode(agg));
        else if (encoder.source === 'sft') for (const e of toSftExamples(project.taskType, agg)) await emit(part, encoder.encode(e));
        else if (encoder.source === 'kto') for (const e of toKtoExamples(agg)) await emit(part, encoder.encode(e));
        else {
          const { pairs, dropped: why } = toPreferencePairs(agg);
          if (why) dropped[why.reason] += why.count;
          for (const pair of pairs) await emit(part, encoder.encode(pair));
        }
        if (rowsWritten > before) itemsPerPart[part] += 1;
      }
    }
  }
  for (const writer of writers.values()) await writer.finish();

  const [agreement, gold] = await Promise.all([
    computeAgreement(exp.projectId, project.taskType, filters),
    computeGoldAccuracy(exp.projectId, filters),
  ]);
  const list = [...writers.values()];
  const stats: ExportStats = {
    rows: Object.fromEntries(list.map((w) => [w.part, w.rows])),
    items: itemsPerPart,
    dropped,
    filteredOut,
    agreement,
    gold,
    gzipBytes: list.reduce((s, w) => s + w.gzipBytes, 0),
    rawBytes: list.reduce((s, w) => s + w.rawBytes, 0),
  };
  const card = buildDatasetCard({
    projectTitle: project.title,
    taskType: project.taskType,
    taskTypeLabel: taskTypeLabels[project.taskType],
    format: exp.format,
    instructions: project.instructions,
    licence: filters.licence ?? project.license ?? null,
    filters,
    stats,
    generatedAt: new Date(),
    version: packageJson.version,
  });

  await db.$transaction(async (tx) => {
    const done = await tx.export.updateMany({
      where: { id: exportId, status: 'RUNNING' },
      data: {
        status: 'READY',
        rowsWritten,
        rowsTotal: rowsWritten,
        fileBytes: BigInt(stats.gzipBytes),
        card,
        stats: stats as unknown as Prisma.InputJsonValue,
        completedAt: new Date(),
      },
    });
    if (done.count === 0) return; // someone else finished or expired it meanwhile
    await emitWebhookEvent(tx, {
      teamId: exp.teamId,
      event: 'export.ready',
      eventKey: `export.ready:${exportId}`,
      data: { exportId, projectId: exp.projectId, format: exp.format, rows: rowsWritten },
    });
  });
  return { status: 'READY', rows: rowsWritten };
}
