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
 * One row per judgment, by id, with the line in pieces: [0] worker id, [1] item external id (only for a split),
 * [2] the line up to `"worker_id":`, [3] `,"answer":` and the answer, [4] the shown order, [5] `,"duration_ms":` up
 * to the status's closing quote, [6] created_at (binary timestamp), [7] `,"payload":` and the payload. Separate
 * fields rather than one concatenation: jsonb text is compacted in JS and the rest copied as is; PostgreSQL's
 * to_char and a jsonpath test of the shown order cost more per row than the same work in JS.
 */
function buildRawLinesCopy(projectId: string, filters: StoredFilters): string {
  const where = inlineSqlValues(Prisma.sql`j."projectId" = ${projectId}::uuid AND ${judgmentConditions(filters)}`);
  return `COPY (
    SELECT j."workerId"::text, ${filters.split ? 'i."externalId"' : 'NULL'},
      '{"judgment_id":"' || j.id::text || '","item_id":' || to_json(i."externalId")::text || ',"worker_id":',
      ',"answer":' || j.answer::text,
      a."shownOrder"::text,
      ',"duration_ms":' || j."durationMs"::text || ',"is_gold":' || j."isGold"::text
        || ',"gold_correct":' || coalesce(j."goldCorrect"::text, 'null') || ',"status":"' || j.status::text || '"',
      j."createdAt",
      ',"payload":' || i.payload::text
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
    WHERE ${where}
    ORDER BY j.id
  ) TO STDOUT (FORMAT binary)`;
}
const FIELDS = 8;

export interface RawJsonLinesInput {
  projectId: string;
  filters: StoredFilters;
  pseudonym: (workerId: string) => string;
  /** The part of an item (a split export), or null when everything goes to `all`. */
  partOf: ((externalId: string) => ExportPart) | null;
  writers: Map<ExportPart, ExportPartWriter>;
  pipeline: ChunkPipeline;
}

const SHOWN_ORDER_KEY = Buffer.from(',"shown_order":');
const NULL = Buffer.from('null');
const CREATED_AT_KEY = Buffer.from(',"created_at":"');
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Binary timestamps count microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

function putBytes(bytes: Buffer, out: Buffer, at: number): number {
  for (let k = 0; k < bytes.length; k++) out[at++] = bytes[k];
  return at;
}

/** Date.toISOString() of a binary timestamp(3), as the general path writes a Prisma Date. */
function toIsoString(data: Buffer, at: number): string {
  const micros = data.readInt32BE(at) * 2 ** 32 + data.readUInt32BE(at + 4);
  return new Date(POSTGRES_EPOCH_MS + Math.floor(micros / 1000)).toISOString();
}

/** toRawRow keeps a shown order that is an array of numbers: in jsonb text, `[` digits, signs, points, commas `]`. */
function isNumberArrayText(data: Buffer, start: number, end: number): boolean {
  if (start < 0 || data[start] !== 0x5b || data[end - 1] !== 0x5d) return false;
  for (let k = start + 1; k < end - 1; k++) {
    const c = data[k];
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2c || c === 0x20)) return false;
  }
  return true;
}

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
        const hasShownOrder = isNumberArrayText(data, f[8], f[9]);
        const createdAt = toIsoString(data, f[12]);
        const buffer = writer.reserve(f[15] - f[4] + worker.length + SHOWN_ORDER_KEY.length + NULL.length + CREATED_AT_KEY.length + createdAt.length + 3);
        let at = writer.length;
        at += data.copy(buffer, at, f[4], f[5]);
        at = putBytes(worker, buffer, at);
        at = compactJsonText(data, f[6], f[7], buffer, at);
        if (at >= 0) {
          at = putBytes(SHOWN_ORDER_KEY, buffer, at);
          at = hasShownOrder ? compactJsonText(data, f[8], f[9], buffer, at) : putBytes(NULL, buffer, at);
        }
        if (at >= 0) {
          at += data.copy(buffer, at, f[10], f[11]);
          at = putBytes(CREATED_AT_KEY, buffer, at);
          at += buffer.write(createdAt, at, 'latin1');
          buffer[at++] = QUOTE;
          at = compactJsonText(data, f[14], f[15], buffer, at);
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
            ',"shown_order":',
            hasShownOrder ? data.toString('utf8', f[8], f[9]) : 'null',
            data.toString('utf8', f[10], f[11]),
            `,"created_at":"${createdAt}"`,
            data.toString('utf8', f[14], f[15]),
            '}',
          ].join('');
          writer.appendLine(`${JSON.stringify(JSON.parse(text))}\n`);
        }
      },
    }),
  );
}
