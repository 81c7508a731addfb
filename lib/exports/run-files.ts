import 'server-only';
// What every export run does around its rows: open the parts' writers (lines, or Parquet spooled in front of them)
// with progress, close and dispose of them, and mark the export READY with its card and stats.
import { db, type Prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ExportContainer, ExportFormat } from '@/lib/generated/prisma/enums';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import packageJson from '@/package.json';
import type { ExportStats } from './card';
import type { TreeExportStats } from './card-trees';
import { ChunkPipeline, ExportPartWriter } from './chunk-writer';
import { ParquetExportSpool } from './parquet/writer';
import { createProgressReporter } from './progress';
import type { ExportPart, StoredFilters } from './schemas';

export type ExportToBuild = { id: string; format: ExportFormat; container: ExportContainer; teamId: string; projectId: string };


/** The parts' writers (and for Parquet the spool in front of them), with progress counted as chunks are stored. */
export async function openExportFiles(exp: ExportToBuild, filters: StoredFilters, header: string | null) {
  const progress = createProgressReporter(exp.id);
  const pipeline = new ChunkPipeline();
  const partNames: ExportPart[] = filters.split ? ['train', 'validation'] : ['all'];
  // Parquet: the format's JSON lines are spooled (progress counts them) and become row groups once all are in.
  const isParquet = exp.container === 'PARQUET';
  if (isParquet && header !== null) throw new AppError('INVALID_STATE', 'Parquet holds the rows of the JSONL formats only.');
  const sinks = new Map(partNames.map((part) => [part, new ExportPartWriter(exp.id, part, header, pipeline, isParquet ? () => {} : progress.add)]));
  for (const writer of sinks.values()) await writer.start();
  const parquet = isParquet ? await ParquetExportSpool.open(partNames, progress.add) : null;
  return { progress, pipeline, sinks, parquet, writers: parquet?.writers ?? sinks };
}

export type ExportFiles = Awaited<ReturnType<typeof openExportFiles>>;

export async function closeExportFiles({ sinks, parquet, pipeline }: Pick<ExportFiles, 'sinks' | 'parquet' | 'pipeline'>) {
  await parquet?.writeFiles(sinks, `boltwork ${packageJson.version} (hyparquet-writer)`);
  for (const writer of sinks.values()) writer.finish();
  await pipeline.drain();
}

/** On failure too: no chunk insert may still be running when a retry starts over. */
export async function disposeExportFiles({ progress, pipeline, parquet }: Pick<ExportFiles, 'progress' | 'pipeline' | 'parquet'>) {
  await parquet?.dispose();
  await pipeline.settle();
  await progress.stop();
}

/** READY with its card and stats, and `export.ready` emitted, in one transaction. */
export async function markExportReady(exp: ExportToBuild, rowsWritten: number, stats: ExportStats | TreeExportStats, card: string): Promise<{ status: string; rows: number }> {
  const { id: exportId, projectId } = exp;
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
      data: { exportId, projectId, format: exp.format, rows: rowsWritten },
    });
  });
  return { status: 'READY', rows: rowsWritten };
}
