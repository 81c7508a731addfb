import 'server-only';
// Team-facing export service: create (queues `export.run`), read, list, card. Every call is scoped by the actor's team.
import { recordAudit } from '@/lib/audit/record';
import { db, type Prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ExportContainer, ExportFormat, ExportStatus } from '@/lib/generated/prisma/enums';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { projectTypeLabel } from '@/lib/projects/type-label';
import { assertTeamProject, auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { canUseContainer, exportDownloadParts, fromStoredContainer, toStoredContainer } from './files';
import { formatCatalog, formatsFor, isFormatFor } from './formats';
import { createExportInputSchema, type CreateExportInput, type ExportDto, type ExportPart } from './schemas';

/** Files are kept this long, then the `export.expire` cron deletes their chunks. */
export const EXPORT_RETENTION_DAYS = 30;

const exportSelect = {
  id: true,
  projectId: true,
  format: true,
  container: true,
  status: true,
  filters: true,
  rowsTotal: true,
  rowsWritten: true,
  fileBytes: true,
  createdAt: true,
  completedAt: true,
  error: true,
} as const;

type ExportRow = {
  id: string;
  projectId: string;
  format: ExportFormat;
  container: ExportContainer;
  status: ExportStatus;
  filters: Prisma.JsonValue;
  rowsTotal: number | null;
  rowsWritten: number;
  fileBytes: bigint | null;
  createdAt: Date;
  completedAt: Date | null;
  error: string | null;
};

function hasSplit(filters: Prisma.JsonValue): boolean {
  return typeof filters === 'object' && filters !== null && !Array.isArray(filters) && typeof filters.split === 'object' && filters.split !== null;
}

export function toExportDto(row: ExportRow): ExportDto {
  const progress = row.status === 'READY' ? 1 : row.rowsTotal ? Math.min(1, row.rowsWritten / row.rowsTotal) : 0;
  const container = fromStoredContainer(row.container);
  const parts: ExportPart[] = row.status !== 'READY' ? [] : exportDownloadParts(hasSplit(row.filters), container);
  return {
    id: row.id,
    projectId: row.projectId,
    format: row.format,
    container,
    status: row.status,
    filters: (typeof row.filters === 'object' && row.filters !== null && !Array.isArray(row.filters) ? row.filters : {}) as Record<string, unknown>,
    rowsTotal: row.rowsTotal,
    rowsWritten: row.rowsWritten,
    progress,
    fileBytes: row.fileBytes === null ? null : Number(row.fileBytes),
    parts,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    error: row.error,
  };
}

/** Queues an export of the project's judgments. A repeated idempotency key returns the first export. */
export async function createExport(
  actor: TeamActor,
  projectId: string,
  input: CreateExportInput,
  options: { idempotencyKey?: string } = {},
): Promise<ExportDto> {
  const parsed = createExportInputSchema.parse(input);
  await assertTeamProject(actor, projectId);
  // Export.idempotencyKey is unique across teams: the team id in front keeps teams from colliding.
  const idempotencyKey = options.idempotencyKey ? `${actor.teamId}:${options.idempotencyKey}` : null;
  if (idempotencyKey) {
    const existing = await db.export.findFirst({ where: { idempotencyKey, teamId: actor.teamId }, select: exportSelect });
    if (existing) {
      if (existing.projectId !== projectId) throw new AppError('CONFLICT', 'This idempotency key was used for another project.');
      return toExportDto(existing);
    }
  }
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { taskType: true, treeConfig: true } });
  const isTreeProject = project.treeConfig !== null;
  if (!isFormatFor(parsed.format, project.taskType, isTreeProject)) {
    const fits = formatsFor(project.taskType, isTreeProject);
    throw new AppError('INVALID_INPUT', `${formatCatalog[parsed.format].label} does not fit a "${projectTypeLabel(project)}" project. Formats for it: ${fits.join(', ')}.`);
  }
  if (!canUseContainer(parsed.format, parsed.container)) {
    throw new AppError('INVALID_INPUT', `${formatCatalog[parsed.format].label} is a CSV file already; Parquet holds the rows of the JSONL formats.`);
  }
  const { filters, licence, language } = parsed;
  const stored = { ...filters, ...(licence && { licence }), ...(language && { language }) };
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.export.create({
        data: {
          projectId,
          teamId: actor.teamId,
          format: parsed.format,
          container: toStoredContainer(parsed.container),
          filters: stored as Prisma.InputJsonValue,
          idempotencyKey,
          createdById: actor.userId,
          expiresAt: new Date(Date.now() + EXPORT_RETENTION_DAYS * 86_400_000),
        },
        select: exportSelect,
      });
      await enqueueJob('export.run', { exportId: created.id }, { tx, singletonKey: created.id });
      await recordAudit({ actor: auditActorOf(actor), action: 'export.create', targetType: 'Export', targetId: created.id, after: { projectId, format: parsed.format, container: parsed.container, filters: stored } as Prisma.InputJsonValue }, tx);
      return created;
    });
    return toExportDto(row);
  } catch (error) {
    // Two concurrent requests with one key: the loser returns the winner's export.
    if (idempotencyKey && (error as { code?: string }).code === 'P2002') {
      const existing = await db.export.findFirst({ where: { idempotencyKey, teamId: actor.teamId }, select: exportSelect });
      if (existing) return toExportDto(existing);
    }
    throw error;
  }
}

export async function getExport(actor: TeamActor, exportId: string): Promise<ExportDto> {
  const row = await db.export.findFirst({ where: { id: exportId, teamId: actor.teamId }, select: exportSelect });
  if (!row) throw new AppError('NOT_FOUND', 'Export not found.');
  return toExportDto(row);
}

/** The project's exports, newest first (the last 100). */
export async function listExports(actor: TeamActor, projectId: string): Promise<ExportDto[]> {
  await assertTeamProject(actor, projectId);
  const rows = await db.export.findMany({ where: { projectId, teamId: actor.teamId }, orderBy: { createdAt: 'desc' }, take: 100, select: exportSelect });
  return rows.map(toExportDto);
}

/** The dataset card (markdown) of a READY export. */
export async function getExportCard(actor: TeamActor, exportId: string): Promise<string> {
  const row = await db.export.findFirst({ where: { id: exportId, teamId: actor.teamId }, select: { status: true, card: true } });
  if (!row) throw new AppError('NOT_FOUND', 'Export not found.');
  if (row.status !== 'READY' || row.card === null) throw new AppError('INVALID_STATE', 'The export is not ready yet.');
  return row.card;
}

/** What the exports page shows: the project and its exports. */
export async function getExportsPage(actor: TeamActor, projectId: string) {
  await assertTeamProject(actor, projectId);
  const [project, batches, exports] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, title: true, taskType: true, license: true, treeConfig: true } }),
    db.batch.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, take: 100, select: { id: true, sourceFileName: true, createdAt: true } }),
    listExports(actor, projectId),
  ]);
  const { treeConfig, ...fields } = project;
  return { project: { ...fields, isTreeProject: treeConfig !== null }, batches: batches.map((b) => ({ id: b.id, name: `${b.sourceFileName} (${b.createdAt.toISOString().slice(0, 10)})` })), exports };
}
export { streamExportDownload, type ExportDownload } from './download';
