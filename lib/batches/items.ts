// Items of a project, paged by id (uuid v7, so in upload order): `cursor` is the last id of the previous page.
import 'server-only';
import type { TeamActor } from '@/lib/teams/actor';
import { db } from '@/lib/db';
import { getImportProject } from './queries';
import { itemDtoSchema, listItemsQuerySchema, type ItemDto, type ListItemsQuery } from './schemas';

export { itemDtoSchema, type ItemDto };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function listItems(
  actor: TeamActor,
  projectId: string,
  query: ListItemsQuery = {},
): Promise<{ data: ItemDto[]; nextCursor: string | null }> {
  const { cursor, limit, status } = listItemsQuerySchema.parse(query);
  await getImportProject(actor, projectId);
  const rows = await db.item.findMany({
    where: { projectId, ...(status && { status }), ...(cursor && { id: { gt: cursor } }) },
    orderBy: { id: 'asc' },
    take: limit + 1,
    select: {
      id: true,
      externalId: true,
      payload: true,
      isGold: true,
      goldAnswer: true,
      status: true,
      judgmentsNeeded: true,
      judgmentsDone: true,
      createdAt: true,
    },
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => ({
      ...row,
      payload: isRecord(row.payload) ? row.payload : {},
      goldAnswer: row.goldAnswer ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
