import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db, type Prisma } from '@/lib/db';
import { toCsvCell } from './audit-diff';
import type { AuditSearch } from './schemas';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter for a search: action by prefix ("payouts." finds both switches), actor by id, email or SYSTEM. */
function buildAuditWhere(search: AuditSearch): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput[] = [];
  if (search.action) where.push({ action: { startsWith: search.action } });
  if (search.actor) {
    const actor = search.actor;
    if (uuid.test(actor)) where.push({ actorUserId: actor });
    else if (['SYSTEM', 'API_KEY', 'USER'].includes(actor.toUpperCase())) where.push({ actorKind: actor.toUpperCase() });
    else where.push({ actor: { email: { contains: actor, mode: 'insensitive' } } });
  }
  if (search.targetType) where.push({ targetType: search.targetType });
  if (search.targetId) where.push({ targetId: search.targetId });
  if (search.from) where.push({ createdAt: { gte: search.from } });
  if (search.to) where.push({ createdAt: { lte: search.to } });
  return { AND: where };
}

const auditSelect = {
  id: true,
  createdAt: true,
  actorKind: true,
  actorUserId: true,
  actor: { select: { email: true, name: true, workerProfile: { select: { id: true, displayName: true } } } },
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  ip: true,
  requestId: true,
} satisfies Prisma.AuditLogSelect;

/**
 * Newest first, keyset-paged on the id (uuid v7, so id order is time order): `nextBefore` is the cursor of the
 * next page, or null at the end.
 */
export async function searchAuditLog(search: AuditSearch, take = 50) {
  await requireRole('ADMIN');
  return fetchAuditPage(search, Math.min(Math.max(take, 1), 200));
}

async function fetchAuditPage(search: AuditSearch, take: number) {
  const where = buildAuditWhere(search);
  if (search.before) where.AND = [...(where.AND as Prisma.AuditLogWhereInput[]), { id: { lt: search.before } }];
  const rows = await db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: take + 1, select: auditSelect });
  const page = rows.slice(0, take);
  return { entries: page, nextBefore: rows.length > take ? page[page.length - 1].id : null };
}

const csvHeader = ['id', 'created_at', 'actor_kind', 'actor_user_id', 'actor_email', 'action', 'target_type', 'target_id', 'before', 'after', 'ip', 'request_id'];

/** Every matching entry as CSV, streamed page by page so memory stays flat however long the log is. */
export async function streamAuditCsv(search: AuditSearch): Promise<ReadableStream<Uint8Array>> {
  await requireRole('ADMIN');
  const encoder = new TextEncoder();
  let cursor: string | undefined = search.before;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${csvHeader.join(',')}\r\n`));
      }
      const { entries, nextBefore } = await fetchAuditPage({ ...search, before: cursor }, 500);
      const lines = entries.map((e) =>
        [e.id, e.createdAt, e.actorKind, e.actorUserId, e.actor?.email, e.action, e.targetType, e.targetId, e.before, e.after, e.ip, e.requestId].map(toCsvCell).join(','),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
      if (!nextBefore) controller.close();
      cursor = nextBefore ?? undefined;
    },
  });
}
