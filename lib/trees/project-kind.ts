import 'server-only';
import { db } from '@/lib/db';

/** Whether a project grows conversation trees (its tabs and upload page differ). Callers check team access first. */
export async function isTreeProject(projectId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ isTree: boolean }[]>`SELECT "treeConfig" IS NOT NULL AS "isTree" FROM "Project" WHERE id = ${projectId}::uuid`;
  return rows[0]?.isTree ?? false;
}
