import 'server-only';
import type { ByteSource } from '@/lib/batches/parse';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig, type TreeConfig } from './config';
import { createTreeIn } from './engine';
import { toSeedPrompts, type SeedPrompt } from './seed-file';
import { readUploadRecords, reportedErrors, type LineError, type UploadFormat } from './upload-lines';

// Seed prompts uploaded by the team: each good line starts a tree with the team's prompt (its first reply task opens
// at once). A prompt already in the project (same externalId, or the same folded text as any tree's prompt) is
// skipped and counted, so uploading a file again seeds nothing twice. Seeds are stored a chunk per transaction under
// a per-project advisory lock, so two uploads of the same file at once still seed each prompt once.

export type SeedUploadResult = {
  /** Lines read (blank lines and the CSV header aside). */
  lines: number;
  created: number;
  /** Duplicates: earlier in the file, or already in the project. */
  skipped: number;
  errorCount: number;
  /** The first 1,000 problems, by line. */
  errors: LineError[];
};

const SEEDS_PER_TRANSACTION = 100;

/** Loads a tree project's settings, refusing other projects and closed ones. */
export async function loadOpenTreeProject(projectId: string): Promise<TreeConfig> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { treeConfig: true, status: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  if (project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  if (project.status === 'DONE') throw new AppError('INVALID_STATE', 'This project is closed: it takes no new trees.');
  return parseTreeConfig(project.treeConfig);
}

export async function importSeedPrompts(projectId: string, source: ByteSource, format: UploadFormat, now = new Date()): Promise<SeedUploadResult> {
  const config = await loadOpenTreeProject(projectId);
  const read = await readUploadRecords(source, format);
  if (format === 'csv' && read.records.length > 0 && !('prompt' in read.records[0].value)) {
    throw new AppError('INVALID_INPUT', 'The CSV header has no "prompt" column.');
  }
  const parsed = toSeedPrompts(read.records, config);
  let created = 0;
  for (let start = 0; start < parsed.seeds.length; start += SEEDS_PER_TRANSACTION) {
    const chunk = parsed.seeds.slice(start, start + SEEDS_PER_TRANSACTION);
    created += await db.$transaction((tx) => seedChunk(tx, projectId, chunk, now), TRANSACTION_OPTIONS);
  }
  const errors = [...read.errors, ...parsed.errors];
  return {
    lines: read.records.length + read.errors.length,
    created,
    skipped: parsed.duplicatesInFile + parsed.seeds.length - created,
    errorCount: errors.length,
    errors: reportedErrors(errors),
  };
}

/** Starts a tree for each seed not yet in the project; returns how many it started. */
async function seedChunk(tx: Tx, projectId: string, seeds: SeedPrompt[], now: Date): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`tree-seeds:${projectId}`}, 0))`;
  const ids = seeds.flatMap((seed) => (seed.externalId === null ? [] : [seed.externalId]));
  const takenIds = await tx.$queryRaw<{ externalId: string }[]>`
    SELECT "externalId" FROM "ConversationTree" WHERE "projectId" = ${projectId}::uuid AND "externalId" = ANY(${ids}::text[])`;
  const takenKeys = await tx.$queryRaw<{ textKey: string }[]>`
    SELECT m."textKey" FROM "TreeMessage" m JOIN "ConversationTree" t ON t.id = m."treeId"
    WHERE t."projectId" = ${projectId}::uuid AND m."parentId" IS NULL AND m."textKey" = ANY(${seeds.map((seed) => seed.textKey)}::text[])`;
  const idSet = new Set(takenIds.map((row) => row.externalId));
  const keySet = new Set(takenKeys.map((row) => row.textKey));
  let created = 0;
  for (const seed of seeds) {
    if ((seed.externalId !== null && idSet.has(seed.externalId)) || keySet.has(seed.textKey)) continue;
    await createTreeIn(tx, projectId, { prompt: { text: seed.prompt, lang: seed.lang ?? undefined }, externalId: seed.externalId ?? undefined }, now);
    created += 1;
  }
  return created;
}
