import 'server-only';
// RAW_JSONL without a JS object per row. PostgreSQL writes each line's text and streams the rows out with one COPY
// (sorted once), where the general path asks Prisma for a keyset page every 2,000 rows and builds an object per
// row. JS only puts in the worker's pseudonym (memoized sha256: hashing each row in SQL costs more than writing the
// rest of the line), drops the spaces PostgreSQL puts in jsonb text and routes the line to its part. The lines are
// byte for byte what toRawRecord + JSON.stringify write (raw-jsonl.int.test.ts holds both paths to that).
import { escapeLiteral } from 'pg';
import { Prisma } from '@/lib/db';
import type { ChunkPipeline, ExportPartWriter } from './chunk-writer';
import { copyRowsOut, withExportReadConnection } from './copy-out';
import { memoizeBounded } from './ids';
import { compactJsonText } from './jsonb-text';
import { judgmentConditions } from './read';
import type { ExportPart, StoredFilters } from './schemas';

/** The statement with its values written in as literals: COPY takes no bind parameters. */
export function inlineSqlValues(sql: Prisma.Sql): string {
  return sql.strings.reduce((text, part, i) => text + toSqlLiteral(sql.values[i - 1]) + part);
}

function toSqlLiteral(value: unknown): string {
  if (typeof value === 'string') return escapeLiteral(value);
  // Prisma binds a Date as its UTC wall time; a timestamp without time zone ignores the literal's "Z" the same way.
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  throw new Error(`No SQL literal for a ${typeof value} value`);
}

/**
 * One row per judgment, by id, with the line in pieces: [0] worker id, [1] item external id, [2] the line up to
 * `"worker_id":`, [3] `,"answer":` + answer, [4] `,"shown_order":` + shown order (only an array of numbers, as
 * toRawRow), [5] `,"duration_ms":` up to created_at's closing quote (as Date.toISOString() writes it: a timestamp(3)
 * holds whole milliseconds, UTC), [6] `,"payload":` + payload. Separate fields rather than one concatenation: the
 * jsonb pieces are compacted in JS and the rest copied as is.
 */
function buildRawLinesCopy(projectId: string, filters: StoredFilters): string {
  const where = inlineSqlValues(Prisma.sql`j."projectId" = ${projectId}::uuid AND ${judgmentConditions(filters)}`);
  return `COPY (
    SELECT j."workerId"::text, i."externalId",
      '{"judgment_id":"' || j.id::text || '","item_id":' || to_json(i."externalId")::text || ',"worker_id":',
      ',"answer":' || j.answer::text,
      ',"shown_order":' || CASE jsonb_typeof(a."shownOrder") WHEN 'array' THEN
        CASE WHEN a."shownOrder" @? 'strict $[*] ? (@.type() != "number")' THEN 'null' ELSE a."shownOrder"::text END
      ELSE 'null' END,
      ',"duration_ms":' || j."durationMs"::text || ',"is_gold":' || j."isGold"::text
        || ',"gold_correct":' || coalesce(j."goldCorrect"::text, 'null') || ',"status":"' || j.status::text
        || '","created_at":"' || to_char(j."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"',
      ',"payload":' || i.payload::text
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
    WHERE ${where}
    ORDER BY j.id
  ) TO STDOUT (FORMAT binary)`;
}
const FIELDS = 7;

export interface RawJsonLinesInput {
  projectId: string;
  filters: StoredFilters;
  pseudonym: (workerId: string) => string;
  /** The part of an item (a split export), or null when everything goes to `all`. */
  partOf: ((externalId: string) => ExportPart) | null;
  writers: Map<ExportPart, ExportPartWriter>;
  pipeline: ChunkPipeline;
}

const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;

/** Streams the matching judgments as RAW_JSONL lines into the part writers; returns the number of lines. */
export async function writeRawJsonLines({ projectId, filters, pseudonym, partOf, writers, pipeline }: RawJsonLinesInput): Promise<number> {
  const quotedPseudonym = memoizeBounded((workerId) => Buffer.from(JSON.stringify(pseudonym(workerId)), 'latin1'));
  const single = writers.get('all');
  return withExportReadConnection((client) =>
    copyRowsOut(client, buildRawLinesCopy(projectId, filters), FIELDS, {
      isSaturated: () => pipeline.isSaturated(),
      whenReady: () => pipeline.whenReady(),
      onRow(data, f) {
        const writer = partOf ? writers.get(partOf(data.toString('utf8', f[2], f[3])))! : single!;
        const worker = quotedPseudonym(data.toString('latin1', f[0], f[1]));
        const buffer = writer.reserve(f[13] - f[4] + worker.length + 2);
        let at = writer.length;
        at += data.copy(buffer, at, f[4], f[5]);
        for (let k = 0; k < worker.length; k++) buffer[at++] = worker[k];
        at = compactJsonText(data, f[6], f[7], buffer, at);
        if (at >= 0) at = compactJsonText(data, f[8], f[9], buffer, at);
        if (at >= 0) {
          at += data.copy(buffer, at, f[10], f[11]);
          at = compactJsonText(data, f[12], f[13], buffer, at);
        }
        if (at >= 0) {
          buffer[at++] = CLOSE_BRACE;
          buffer[at++] = NEWLINE;
          writer.endLine(at);
        } else {
          // A number or key JS would rewrite: JSON.parse + JSON.stringify write the line, as toRawRecord's path does.
          const text = [
            data.toString('utf8', f[4], f[5]),
            worker.toString('latin1'),
            data.toString('utf8', f[6], f[7]),
            data.toString('utf8', f[8], f[9]),
            data.toString('utf8', f[10], f[11]),
            data.toString('utf8', f[12], f[13]),
            '}',
          ].join('');
          writer.appendLine(`${JSON.stringify(JSON.parse(text))}\n`);
        }
      },
    }),
  );
}
