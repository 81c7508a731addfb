// Batch reads, always scoped by the actor's team: another team's project or batch looks missing (NOT_FOUND).
import 'server-only';
import { z } from 'zod';
import type { TeamActor } from '@/lib/teams/actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Batch } from '@/lib/generated/prisma/client';
import { batchErrorSchema, type BatchDto } from './schemas';

const storedErrorsSchema = z.array(batchErrorSchema).catch([]);

export function toBatchDto(batch: Batch): BatchDto {
  return {
    id: batch.id,
    projectId: batch.projectId,
    status: batch.status,
    fileName: batch.sourceFileName,
    format: batch.format,
    isGold: batch.isGold,
    totalRows: batch.totalRows,
    importedRows: batch.importedRows,
    errorRows: batch.errorRows,
    duplicateRows: batch.duplicateRows,
    errors: storedErrorsSchema.parse(batch.errors),
    createdAt: batch.createdAt.toISOString(),
    completedAt: batch.completedAt?.toISOString() ?? null,
  };
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** What an import needs to know about the project; NOT_FOUND unless it belongs to the actor's team. */
export async function getImportProject(actor: TeamActor, projectId: string) {
  const project = isUuid(projectId)
    ? await db.project.findFirst({
        where: { id: projectId, teamId: actor.teamId },
        select: { id: true, title: true, status: true, taskType: true, typeConfig: true, judgmentsPerItem: true },
      })
    : null;
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  return project;
}

/**
 * The batch an earlier upload with this key created, if any. Keys are unique per project; reusing one of the
 * team's keys for another project is a client bug, answered with CONFLICT rather than a silent second import.
 */
export async function findBatchByIdempotencyKey(actor: TeamActor, projectId: string, key: string): Promise<BatchDto | null> {
  const batch = await db.batch.findFirst({
    where: { idempotencyKey: key, project: { teamId: actor.teamId } },
    orderBy: { createdAt: 'asc' },
  });
  if (!batch) return null;
  if (batch.projectId !== projectId) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for an upload to another project.');
  }
  return toBatchDto(batch);
}

export async function getBatch(actor: TeamActor, batchId: string): Promise<BatchDto> {
  const batch = isUuid(batchId)
    ? await db.batch.findFirst({ where: { id: batchId, project: { teamId: actor.teamId } } })
    : null;
  if (!batch) throw new AppError('NOT_FOUND', 'Batch not found.');
  return toBatchDto(batch);
}

/** The project's latest batches, newest first. */
export async function listBatches(actor: TeamActor, projectId: string, options: { limit?: number } = {}): Promise<BatchDto[]> {
  await getImportProject(actor, projectId);
  const batches = await db.batch.findMany({
    where: { projectId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(options.limit ?? 20, 1), 100),
  });
  return batches.map(toBatchDto);
}

/** Ids of the project's batches that still hold items: failed or fully duplicate uploads have nothing to filter by. */
export async function listBatchIdsWithItems(actor: TeamActor, projectId: string): Promise<Set<string>> {
  await getImportProject(actor, projectId);
  const rows = await db.batch.findMany({ where: { projectId, items: { some: {} } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
