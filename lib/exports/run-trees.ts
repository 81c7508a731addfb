import 'server-only';
// The export path of the conversation-tree formats: the project's trees page by page (READY ones unless the export
// asks for all), each read in oasst's shape with pseudonymous authors and written as its format's lines. The tree is
// the unit of the split, so no conversation prefix is in both parts.
import { db, type Prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig } from '@/lib/trees/config';
import { exportOasstTree } from '@/lib/trees/oasst-store';
import packageJson from '@/package.json';
import { buildTreeDatasetCard, type TreeExportStats } from './card-trees';
import type { ExportPartWriter } from './chunk-writer';
import { fromStoredContainer } from './files';
import { toTreeLines, type TreeFormat } from './formats';
import { createPseudonymizer, createSplitAssigner } from './ids';
import { closeExportFiles, disposeExportFiles, markExportReady, openExportFiles, type ExportToBuild } from './run-files';
import type { ExportPart, StoredFilters } from './schemas';

const TREE_PAGE = 100;

interface TreeLinesInput {
  projectId: string;
  format: TreeFormat;
  filters: StoredFilters;
  pseudonym: (workerId: string) => string;
  partOf: ((treeId: string) => ExportPart) | null;
  writers: Map<ExportPart, Pick<ExportPartWriter, 'write'>>;
}

type TreeCounts = Omit<TreeExportStats, 'rows' | 'gzipBytes' | 'rawBytes'> & { rowsWritten: number };

/** Trees the export takes: those with a prompt, READY only unless the export asked for every state. */
function treeFilter(projectId: string, filters: StoredFilters) {
  return { projectId, messages: { some: {} }, ...(filters.status === 'approved' && { state: 'READY' as const }) };
}

/** A conversation-tree format: tree by tree (run-trees.ts), with its own card. */
export async function buildTreeExport(
  exp: ExportToBuild & { format: TreeFormat; project: { title: string; treeConfig: Prisma.JsonValue; instructions: string; license: string | null }; team: { pseudonymSalt: string } },
  filters: StoredFilters,
): Promise<{ status: string; rows: number }> {
  if (exp.project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  const config = parseTreeConfig(exp.project.treeConfig);
  const rowsTotal = await countTreeExportRows(exp.projectId, exp.format, filters);
  await db.export.updateMany({ where: { id: exp.id, status: 'RUNNING' }, data: { rowsTotal } });
  const files = await openExportFiles(exp, filters, null);
  let written: Awaited<ReturnType<typeof writeTreeUnits>>;
  try {
    written = await writeTreeUnits({
      projectId: exp.projectId,
      format: exp.format,
      filters,
      pseudonym: createPseudonymizer(exp.team.pseudonymSalt),
      partOf: filters.split ? createSplitAssigner(filters.split) : null,
      writers: files.writers,
    });
    await closeExportFiles(files);
  } finally {
    await disposeExportFiles(files);
  }
  const { rowsWritten, ...counts } = written;
  const list = [...files.sinks.values()];
  const stats: TreeExportStats = {
    ...counts,
    rows: Object.fromEntries(list.map((w) => [w.part, w.rows])),
    gzipBytes: list.reduce((s, w) => s + w.gzipBytes, 0),
    rawBytes: list.reduce((s, w) => s + w.rawBytes, 0),
  };
  const card = buildTreeDatasetCard({
    projectTitle: exp.project.title,
    format: exp.format,
    container: fromStoredContainer(exp.container),
    instructions: exp.project.instructions,
    licence: filters.licence ?? exp.project.license ?? null,
    language: filters.language ?? config.lang,
    filters,
    config,
    stats,
    generatedAt: new Date(),
    version: packageJson.version,
  });
  return markExportReady(exp, rowsWritten, stats, card);
}

/** Rows a tree export will write at most, for its progress: one per tree, except ranked pairs (unknown until read). */
async function countTreeExportRows(projectId: string, format: TreeFormat, filters: StoredFilters): Promise<number | null> {
  return format === 'TREE_DPO' ? null : db.conversationTree.count({ where: treeFilter(projectId, filters) });
}

async function writeTreeUnits({ projectId, format, filters, pseudonym, partOf, writers }: TreeLinesInput): Promise<TreeCounts> {
  const counts: TreeCounts = {
    rowsWritten: 0,
    trees: Object.fromEntries([...writers.keys()].map((part) => [part, 0])),
    treesRead: 0,
    treesWithoutRows: 0,
    treesNotReady: 0,
    treesImported: await db.conversationTree.count({ where: { ...treeFilter(projectId, filters), origin: 'IMPORT' } }),
    messages: 0,
    deletedMessages: 0,
    maxDepth: 0,
    userPairs: 0,
  };
  if (filters.status === 'approved') {
    counts.treesNotReady = await db.conversationTree.count({ where: { projectId, messages: { some: {} }, state: { not: 'READY' } } });
  }
  for (let after: string | undefined; ; ) {
    const page = await db.conversationTree.findMany({
      where: { ...treeFilter(projectId, filters), ...(after && { id: { gt: after } }) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: TREE_PAGE,
    });
    for (const { id } of page) {
      const tree = await exportOasstTree(id, { pseudonym });
      const made = toTreeLines(format, tree);
      // The split hashes the tree id as exported (oasst's message_tree_id for imported trees), stable across exports.
      const part = partOf ? partOf(tree.message_tree_id) : 'all';
      counts.treesRead += 1;
      counts.messages += made.messages;
      counts.deletedMessages += made.deletedMessages;
      counts.maxDepth = Math.max(counts.maxDepth, made.depth);
      counts.userPairs += made.userPairs;
      if (made.lines.length === 0) counts.treesWithoutRows += 1;
      else counts.trees[part] += 1;
      for (const line of made.lines) await writers.get(part)!.write(line);
      counts.rowsWritten += made.lines.length;
    }
    if (page.length < TREE_PAGE) return counts;
    after = page[page.length - 1].id;
  }
}
