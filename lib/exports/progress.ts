import 'server-only';
// Export progress (rowsWritten) as chunks are stored: at most one update in flight, the latest count wins, so a
// quick run of chunks costs one statement rather than one each.
import { db } from '@/lib/db';

export function createProgressReporter(exportId: string): { add: (rows: number) => void; stop: () => Promise<void> } {
  let stored = 0;
  let written = 0;
  let isStopped = false;
  let running: Promise<void> | null = null;

  const pump = async () => {
    while (!isStopped && written < stored) {
      const rowsWritten = stored;
      await db.export.updateMany({ where: { id: exportId, status: 'RUNNING' }, data: { rowsWritten } });
      written = rowsWritten;
    }
  };
  const start = () => {
    running ??= pump()
      .catch(() => {}) // progress is advisory: the final update writes the real count
      .finally(() => {
        running = null;
        if (!isStopped && written < stored) start();
      });
  };
  return {
    add(rows) {
      stored += rows;
      if (!isStopped) start();
    },
    async stop() {
      isStopped = true;
      await running;
    },
  };
}
