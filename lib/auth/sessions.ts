import 'server-only';
import { db, Prisma, queryRows, type Db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import type { Role, WorkerStatus } from '@/lib/generated/prisma/enums';
import { createToken, hashToken } from './tokens';

export type SessionMethod = 'PASSWORD' | 'LNURL_AUTH' | 'DEV';
export type SessionMeta = { ip?: string | null; userAgent?: string | null };

export type Viewer = {
  userId: string;
  sessionId: string;
  roles: Role[];
  email: string | null;
  name: string | null;
  worker: { id: string; displayName: string; status: WorkerStatus; statusReason: string | null } | null;
};

const TOUCH_AFTER_MS = 60 * 60 * 1000;

export async function createSession(
  userId: string,
  method: SessionMethod,
  meta: SessionMeta,
  tx: Db = db,
): Promise<{ token: string; expiresAt: Date }> {
  const token = createToken();
  const expiresAt = new Date(Date.now() + getEnv().BOLTWORK_SESSION_DAYS * 24 * 3600 * 1000);
  await tx.session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      method,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      expiresAt,
    },
  });
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null when the token is unknown, expired or the user disabled. */
type SessionRow = {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  roles: Role[];
  email: string | null;
  name: string | null;
  disabledAt: Date | null;
  workerId: string | null;
  displayName: string | null;
  workerStatus: WorkerStatus | null;
  statusReason: string | null;
};

/** Every signed-in request starts here (twice for a server action that redirects): one statement, not three. */
export async function getViewerBySessionToken(token: string): Promise<Viewer | null> {
  const [session] = await queryRows<SessionRow>(Prisma.sql`
    SELECT s.id::text AS id, s."expiresAt", s."lastSeenAt", u.id::text AS "userId", u.roles::text[] AS roles, u.email, u.name,
      u."disabledAt", w.id::text AS "workerId", w."displayName", w.status::text AS "workerStatus", w."statusReason"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "WorkerProfile" w ON w."userId" = u.id
    WHERE s."tokenHash" = ${hashToken(token)}`);
  if (!session || session.expiresAt <= new Date() || session.disabledAt) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return {
    userId: session.userId,
    sessionId: session.id,
    roles: session.roles,
    email: session.email,
    name: session.name,
    worker:
      session.workerId === null
        ? null
        : { id: session.workerId, displayName: session.displayName ?? '', status: session.workerStatus!, statusReason: session.statusReason },
  };
}

export async function deleteSessionByToken(token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

export async function deleteExpiredSessions(tx: Db = db): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
