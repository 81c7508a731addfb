import { describe, expect, it } from 'vitest';
import { db, getSqlState } from '@/lib/db';
import { recordAudit } from './record';

describe('audit log', () => {
  it('records who did what, with before and after, and refuses edits and deletes', async () => {
    const admin = await db.user.create({ data: { email: 'audit-admin@x.example', roles: ['ADMIN'] } });
    await recordAudit({
      actor: { kind: 'USER', userId: admin.id },
      action: 'worker.pause',
      targetType: 'WorkerProfile',
      targetId: 'w-1',
      before: { status: 'ACTIVE' },
      after: { status: 'PAUSED' },
    });
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: 'worker.pause' } });
    expect(entry).toMatchObject({ actorUserId: admin.id, actorKind: 'USER', before: { status: 'ACTIVE' }, after: { status: 'PAUSED' } });
    // 23001 restrict_violation, raised by the append-only trigger.
    const edit = await db.auditLog.update({ where: { id: entry.id }, data: { action: 'nothing.happened' } }).catch(getSqlState);
    const removal = await db.auditLog.delete({ where: { id: entry.id } }).catch(getSqlState);
    expect([edit, removal]).toEqual(['23001', '23001']);
    expect(await db.auditLog.count()).toBe(1);
  });

  it('rolls back with the change it describes', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit({ actor: { kind: 'SYSTEM' }, action: 'payouts.pause', targetType: 'Platform' }, tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.auditLog.count({ where: { action: 'payouts.pause' } })).toBe(0);
  });
});
