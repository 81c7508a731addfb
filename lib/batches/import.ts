// Batch import: streams a JSONL/CSV file, validates every row against the project's task type, and inserts items in
// chunks inside one transaction. all_or_nothing rolls the transaction back when any row is bad or a duplicate;
// skip_invalid keeps the good rows. The Batch row itself is written outside that transaction, so a failed import
// still leaves a FAILED batch with its errors for the requester to read.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { db, getSqlState, type Tx } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { isTaskInputError } from '@/lib/tasks';
import { insertItemChunk, type PendingItem } from './insert-items';
import type { ByteSource } from './parse';
import { findBatchByIdempotencyKey, getImportProject, toBatchDto } from './queries';
import { readRows } from './read-rows';
import { validateRow, type RowRules } from './validate-row';
import { DEFAULT_MAX_UPLOAD_BYTES, MAX_STORED_ERRORS, type BatchDto, type BatchError, type BatchFormat, type ImportMode } from './schemas';

export interface ImportBatchInput {
  source: ByteSource;
  fileName: string;
  format: BatchFormat;
  isGold: boolean;
  mode: ImportMode;
  idempotencyKey?: string;
  maxBytes?: number;
}

const CHUNK_ROWS = 1000;
/**
 * Also flush at this much JSON. Kept small on purpose: Prisma's debug ring buffer holds the arguments of the last
 * 100 queries even with logging off, so live memory is about 100 chunks' worth (~25 MB here) whatever the file size.
 */
const CHUNK_CHARS = 256_000;
/** A 200 MiB upload over a slow link keeps the transaction open for its whole duration. */
const TRANSACTION_TIMEOUT_MS = 30 * 60_000;

interface ImportCounts {
  totalRows: number;
  importedRows: number;
  errorRows: number;
  duplicateRows: number;
  errors: BatchError[];
}

/** Thrown inside the transaction to roll it back while keeping the counts. */
class RollbackImport extends Error {}

/**
 * Duplicates of a chunk are known only after its insert, which runs while the next chunk is validated: problems
 * arrive up to two chunks out of line order. Keeping that much slack, then sorting and trimming, keeps the first
 * 1,000 by line.
 */
const ERROR_SLACK = 2 * CHUNK_ROWS;

function addError(counts: ImportCounts, error: BatchError): void {
  if (counts.errors.length < MAX_STORED_ERRORS + ERROR_SLACK) counts.errors.push(error);
}

export const EMPTY_FILE_MESSAGE = 'The file is empty: it has no rows to import.';
export const ALL_DUPLICATES_MESSAGE = 'Every line is already in this project; nothing to import.';

function sortAndTrimErrors(counts: ImportCounts): void {
  counts.errors.sort((a, b) => a.line - b.line);
  counts.errors.length = Math.min(counts.errors.length, MAX_STORED_ERRORS);
}

export async function importBatch(actor: TeamActor, projectId: string, input: ImportBatchInput): Promise<BatchDto> {
  const project = await getImportProject(actor, projectId);
  if (project.status === 'DONE') throw new AppError('INVALID_STATE', 'This project is closed: it takes no new items.');
  if (input.isGold && project.taskType === 'WRITING') {
    throw new AppError('INVALID_INPUT', 'Writing projects have no gold answers: upload the file without "Gold items".');
  }
  if (input.idempotencyKey) {
    const existing = await findBatchByIdempotencyKey(actor, projectId, input.idempotencyKey);
    if (existing) return existing;
  }
  let batchId: string;
  try {
    const batch = await db.batch.create({
      data: {
        projectId,
        sourceFileName: input.fileName,
        format: input.format,
        isGold: input.isGold,
        status: 'IMPORTING',
        createdById: actor.userId,
        idempotencyKey: input.idempotencyKey ?? null,
      },
      select: { id: true },
    });
    batchId = batch.id;
  } catch (error) {
    // Two uploads with the same key at once: the loser answers with the winner's batch.
    if (input.idempotencyKey && getSqlState(error) === '23505') {
      const existing = await findBatchByIdempotencyKey(actor, projectId, input.idempotencyKey);
      if (existing) return existing;
    }
    throw error;
  }

  const counts: ImportCounts = { totalRows: 0, importedRows: 0, errorRows: 0, duplicateRows: 0, errors: [] };
  const rules: RowRules = { taskType: project.taskType, typeConfig: project.typeConfig, isGold: input.isGold };
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  let bytesRead = 0;
  const onBytes = (bytes: number) => {
    bytesRead += bytes;
    if (bytesRead > maxBytes) {
      const limit = `${Math.floor(maxBytes / (1024 * 1024)).toLocaleString('en-US')} MiB`;
      throw new AppError('INVALID_INPUT', `The file is larger than ${limit}: split it into several uploads.`);
    }
  };
  const target = { projectId, batchId, isGold: input.isGold, judgmentsPerItem: project.judgmentsPerItem };

  const importRows = async (tx: Tx) => {
    let chunk: PendingItem[] = [];
    let chunkChars = 0;
    // One insert runs in PostgreSQL while Node parses and validates the next chunk (two cores, both busy).
    let inFlight: Promise<void> = Promise.resolve();
    const insertFailure: { error?: unknown } = {};
    const insert = async (items: PendingItem[]) => {
      const duplicates = await insertItemChunk(tx, target, items);
      counts.importedRows += items.length - duplicates.length;
      counts.duplicateRows += duplicates.length;
      for (const duplicate of duplicates) {
        const where = duplicate.isInSameFile ? 'earlier in this file' : 'already in this project';
        addError(counts, { line: duplicate.line, reason: `duplicate id "${duplicate.externalId}": ${where}` });
      }
    };
    const flush = async () => {
      await inFlight;
      if (insertFailure.error !== undefined) throw insertFailure.error;
      const items = chunk;
      chunk = [];
      chunkChars = 0;
      inFlight = insert(items).catch((error: unknown) => void (insertFailure.error = error ?? new Error('insert failed')));
    };
    try {
      for await (const entry of readRows(input.source, input.format, project.taskType, { onBytes })) {
        counts.totalRows += 1;
        if ('error' in entry) {
          counts.errorRows += 1;
          addError(counts, { line: entry.line, reason: entry.error });
          continue;
        }
        try {
          const { payloadJson, goldJson } = validateRow(rules, entry.row);
          chunk.push({ line: entry.line, externalId: entry.row.externalId, payloadJson, goldJson });
          chunkChars += payloadJson.length + (goldJson?.length ?? 0);
        } catch (error) {
          if (!isTaskInputError(error) && !(isAppError(error) && error.code === 'INVALID_INPUT')) throw error;
          counts.errorRows += 1;
          addError(counts, { line: entry.line, reason: error.message });
        }
        if (chunk.length >= CHUNK_ROWS || chunkChars >= CHUNK_CHARS) await flush();
      }
      await flush();
    } finally {
      await inFlight; // never leave an insert running behind a failure
    }
    if (insertFailure.error !== undefined) throw insertFailure.error;
  };

  const finish = async (tx: Tx | typeof db, status: 'IMPORTED' | 'PARTIAL' | 'FAILED'): Promise<void> => {
    sortAndTrimErrors(counts);
    const batch = await tx.batch.update({
      where: { id: batchId },
      data: { ...counts, status, completedAt: new Date() },
      select: { id: true, status: true, totalRows: true, importedRows: true, errorRows: true, duplicateRows: true },
    });
    const after = { projectId, fileName: input.fileName, format: input.format, isGold: input.isGold, mode: input.mode, ...batch };
    await recordAudit({ actor: auditActorOf(actor), action: 'batch.import', targetType: 'Batch', targetId: batchId, after }, tx);
  };

  try {
    await db.$transaction(
      async (tx) => {
        await importRows(tx);
        const hasProblems = counts.errorRows + counts.duplicateRows > 0;
        if (counts.importedRows === 0 || (input.mode === 'all_or_nothing' && hasProblems)) throw new RollbackImport();
        await finish(tx, hasProblems ? 'PARTIAL' : 'IMPORTED');
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
    );
  } catch (error) {
    if (!(error instanceof RollbackImport)) {
      // A file-level problem (too large, not UTF-8) is the requester's to fix; anything else is ours.
      const isFileProblem = isAppError(error) && error.code === 'INVALID_INPUT';
      if (!isFileProblem) logError('batch import failed', error, { batchId, projectId });
      const reason = isFileProblem ? error.message : 'Something went wrong while importing. Nothing was imported.';
      counts.errors.unshift({ line: 0, reason });
    } else if (counts.totalRows === 0) {
      counts.errors.push({ line: 0, reason: EMPTY_FILE_MESSAGE });
    } else if (counts.duplicateRows === counts.totalRows) {
      // Each line repeats an id; the first of each id is then already in the project. No "good lines" to offer.
      counts.errors.unshift({ line: 0, reason: ALL_DUPLICATES_MESSAGE });
    }
    counts.importedRows = 0; // rolled back
    await finish(db, 'FAILED');
    if (!(error instanceof RollbackImport) && !(isAppError(error) && error.code === 'INVALID_INPUT')) throw error;
  }
  return toBatchDto(await db.batch.findUniqueOrThrow({ where: { id: batchId } }));
}
