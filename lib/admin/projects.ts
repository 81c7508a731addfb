import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ProjectStatus } from '@/lib/generated/prisma/enums';

export type ProjectQualityRow = {
  id: string;
  title: string;
  teamName: string;
  status: ProjectStatus;
  statusReason: string | null;
  judgments: number;
  approved: number;
  rejected: number;
  pending: number;
  goldSeen: number;
  goldCorrect: number;
  /** Items that got judgments beyond judgmentsPerItem: the dynamic-overlap answer to low agreement. */
  itemsExtended: number;
  items: number;
};

/**
 * Quality per project (exam judgments excluded), busiest first. Agreement itself is not stored per item;
 * `itemsExtended` (items given extra judgments for low agreement) is the cheap stand-in.
 */
export async function listProjectQuality(options: { take?: number } = {}): Promise<ProjectQualityRow[]> {
  await requireRole('ADMIN');
  const take = Math.min(Math.max(options.take ?? 100, 1), 500);
  return db.$queryRaw<ProjectQualityRow[]>`
    SELECT p.id, p.title, t.name AS "teamName", p.status, p."statusReason",
           coalesce(j.judgments, 0)::int AS judgments, coalesce(j.approved, 0)::int AS approved,
           coalesce(j.rejected, 0)::int AS rejected, coalesce(j.pending, 0)::int AS pending,
           coalesce(j."goldSeen", 0)::int AS "goldSeen", coalesce(j."goldCorrect", 0)::int AS "goldCorrect",
           coalesce(i.extended, 0)::int AS "itemsExtended", coalesce(i.items, 0)::int AS items
    FROM "Project" p
    JOIN "Team" t ON t.id = p."teamId"
    LEFT JOIN LATERAL (
      SELECT count(*) AS judgments,
             count(*) FILTER (WHERE status = 'APPROVED') AS approved,
             count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
             count(*) FILTER (WHERE status = 'PENDING') AS pending,
             count(*) FILTER (WHERE "isGold" AND "goldCorrect" IS NOT NULL) AS "goldSeen",
             count(*) FILTER (WHERE "isGold" AND "goldCorrect") AS "goldCorrect"
      FROM "Judgment" WHERE "projectId" = p.id AND NOT "isExam"
    ) j ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE NOT "isGold") AS items,
             count(*) FILTER (WHERE NOT "isGold" AND "judgmentsNeeded" > p."judgmentsPerItem") AS extended
      FROM "Item" WHERE "projectId" = p.id
    ) i ON true
    WHERE p.status <> 'DRAFT'
    ORDER BY (p.status = 'ACTIVE') DESC, coalesce(j.judgments, 0) DESC, p.id
    LIMIT ${take}`;
}

/**
 * An admin pauses a project (workers get no more of its tasks; leases in flight may finish) or resumes one they
 * paused. The reason is kept in statusReason for the team to read. Audited.
 */
export async function setProjectStatusAsAdmin(actor: { userId: string }, projectId: string, status: 'PAUSED' | 'ACTIVE', reason: string) {
  return db.$transaction(async (tx) => {
    const [project] = await tx.$queryRaw<{ status: ProjectStatus; statusReason: string | null }[]>`
      SELECT status, "statusReason" FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;
    if (!project) throw new AppError('NOT_FOUND', 'No such project.');
    const allowedFrom: ProjectStatus[] = status === 'PAUSED' ? ['ACTIVE', 'PAUSED'] : ['PAUSED'];
    if (!allowedFrom.includes(project.status)) throw new AppError('INVALID_STATE', `A ${project.status.toLowerCase()} project cannot be ${status === 'PAUSED' ? 'paused' : 'resumed'}.`);
    await tx.project.update({ where: { id: projectId }, data: { status, statusReason: status === 'PAUSED' ? reason : null } });
    await recordAudit(
      {
        actor: { kind: 'USER', userId: actor.userId },
        action: status === 'PAUSED' ? 'project.admin-pause' : 'project.admin-resume',
        targetType: 'Project',
        targetId: projectId,
        before: { status: project.status, statusReason: project.statusReason },
        after: { status, statusReason: status === 'PAUSED' ? reason : null, note: reason },
      },
      tx,
    );
  });
}
