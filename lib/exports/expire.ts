import 'server-only';
// The `export.expire` cron: frees the storage of exports past their expiry (the row and its card stay).
import { db } from '@/lib/db';

export async function expireExports(now = new Date()): Promise<{ expired: number }> {
  const due = await db.export.findMany({
    where: { expiresAt: { lte: now }, status: { in: ['READY', 'FAILED'] } },
    select: { id: true },
    take: 100,
    orderBy: { expiresAt: 'asc' },
  });
  for (const { id } of due) {
    await db.$transaction([
      db.exportChunk.deleteMany({ where: { exportId: id } }),
      db.export.update({ where: { id }, data: { status: 'EXPIRED' } }),
    ]);
  }
  return { expired: due.length };
}
