import 'server-only';
import { db, type Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export type AuditActor = { kind: 'USER'; userId: string } | { kind: 'API_KEY'; userId?: string } | { kind: 'SYSTEM' };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  ip?: string | null;
  requestId?: string;
};

/**
 * Appends one audit entry, in the caller's transaction so it commits with the change it describes.
 * The table refuses UPDATE and DELETE (trigger in the first migration).
 */
export async function recordAudit(entry: AuditEntry, tx: Db = db): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorKind: entry.actor.kind,
      actorUserId: 'userId' in entry.actor ? (entry.actor.userId ?? null) : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      before: entry.before,
      after: entry.after,
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
    },
  });
}
