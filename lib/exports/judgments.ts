import 'server-only';
// The team API's judgment feed: the raw row shape of RAW exports, keyset-paginated by judgment id.
import { db, Prisma } from '@/lib/db';
import type { TeamActor } from '@/lib/teams/actor';
import { assertTeamProject } from '@/lib/teams/actor';
import { createPseudonymizer } from './ids';
import { listJudgmentsQuerySchema, type JudgmentDto, type ListJudgmentsQuery } from './schemas';

export async function listJudgments(
  actor: TeamActor,
  projectId: string,
  query: ListJudgmentsQuery = {},
): Promise<{ data: JudgmentDto[]; nextCursor: string | null }> {
  const { cursor, limit, status, since } = listJudgmentsQuerySchema.parse(query);
  await assertTeamProject(actor, projectId);
  const team = await db.team.findUniqueOrThrow({ where: { id: actor.teamId }, select: { pseudonymSalt: true } });
  const pseudonym = createPseudonymizer(team.pseudonymSalt);
  const rows = await db.$queryRaw<
    { id: string; externalId: string; workerId: string; answer: unknown; shownOrder: unknown; durationMs: number; isGold: boolean; goldCorrect: boolean | null; status: JudgmentDto['status']; createdAt: Date }[]
  >`
    SELECT j.id::text AS id, i."externalId", j."workerId"::text AS "workerId", j.answer, a."shownOrder", j."durationMs",
      j."isGold", j."goldCorrect", j.status::text AS status, j."createdAt"
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
    WHERE j."projectId" = ${projectId}::uuid AND j."isExam" = false
      ${cursor ? Prisma.sql`AND j.id > ${cursor}::uuid` : Prisma.empty}
      ${status ? Prisma.sql`AND j.status = ${status}::"JudgmentStatus"` : Prisma.empty}
      ${since ? Prisma.sql`AND j."createdAt" >= ${new Date(since)}` : Prisma.empty}
    ORDER BY j.id LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      itemId: r.externalId,
      workerId: pseudonym(r.workerId),
      answer: r.answer,
      shownOrder: Array.isArray(r.shownOrder) ? (r.shownOrder as number[]) : null,
      durationMs: r.durationMs,
      isGold: r.isGold,
      goldCorrect: r.goldCorrect,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
