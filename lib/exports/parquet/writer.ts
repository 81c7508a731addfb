import 'server-only';
// Parquet as a container for the rows a JSONL format writes. The run hands over the same JSON lines it would store
// as JSONL; they are spooled to a local temp file (flat memory) while their schema is inferred, and once every part
// is spooled each part is encoded by hyparquet-writer in row groups of PARQUET_ROW_GROUP_ROWS rows, every row group
// going on to the part's chunk writer as soon as it is encoded. Spooling first, rather than inferring the schema
// from the first row group, means a field that only shows up late (an optional key, a payload of another shape)
// still gets a column, and train and validation share one schema.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ExportPart } from '../schemas';
import { SchemaObserver, toColumnValue, toParquetSchema, type ValueType } from './schema';

/** Rows per row group: a few MiB of text rows, small enough for flat memory, large enough for good compression. */
export const PARQUET_ROW_GROUP_ROWS = 10_000;
/** Spooled rows between two progress reports. */
const PROGRESS_EVERY_ROWS = 1_000;

/** Where a part's Parquet bytes go (ExportPartWriter.appendBytes). */
export interface ParquetByteSink {
  appendBytes(bytes: Uint8Array, rows: number): Promise<void>;
}

/** What run-lines writes to: one JSON line (with its line ending) per row. */
export interface LineWriter {
  write(line: string): Promise<void>;
}

class SpoolWriter implements LineWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    readonly file: string,
    private readonly schema: SchemaObserver,
    private readonly onRow: () => void,
  ) {
    this.stream = createWriteStream(file);
    // Kept and thrown by the next write: an unheard 'error' event would take the whole worker down.
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async write(line: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.schema.observe(JSON.parse(line));
    this.onRow();
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  /** Idempotent: `dispose` closes again whatever `writeFiles` may not have reached. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.failure) {
        this.stream.destroy();
        throw this.failure;
      }
      this.stream.end();
      await once(this.stream, 'finish');
    })();
    return this.closing;
  }
}

/** A hyparquet ByteWriter that hands what it holds to the sink after each row group, then starts over. */
class SinkByteWriter extends ByteWriter {
  /** Rows of the row group being flushed (0 for the header and footer). */
  rows = 0;

  constructor(private readonly sink: ParquetByteSink) {
    super(1024 * 1024);
  }

  flush(): Promise<void> {
    const done = this.sink.appendBytes(new Uint8Array(this.buffer, 0, this.index), this.rows);
    this.index = 0;
    this.rows = 0;
    return done;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

async function* readSpooledRows(file: string, rowGroupRows: number): AsyncGenerator<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    rows.push(JSON.parse(line) as Record<string, unknown>);
    if (rows.length === rowGroupRows) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

interface ParquetFileOptions {
  row: Extract<ValueType, { kind: 'struct' }>;
  createdBy: string;
  rowGroupRows: number;
}

async function writeParquetFile(file: string, sink: ParquetByteSink, { row, createdBy, rowGroupRows }: ParquetFileOptions): Promise<void> {
  const writer = new SinkByteWriter(sink);
  const parquet = new ParquetWriter({ writer, schema: toParquetSchema(row), codec: 'SNAPPY', createdBy });
  const columns = [...row.fields];
  for await (const rows of readSpooledRows(file, rowGroupRows)) {
    writer.rows = rows.length;
    const columnData = columns.map(([name, type]) => ({ name, data: rows.map((r) => toColumnValue(r[name], type)) }));
    await parquet.write({ columnData, rowGroupSize: rows.length });
  }
  await parquet.finish();
}

/** The Parquet side of one export run: line writers to hand to the run, then `writeFiles`, and always `dispose`. */
export class ParquetExportSpool {
  private readonly schema = new SchemaObserver();
  private spooled = 0;

  private constructor(
    private readonly dir: string,
    readonly writers: Map<ExportPart, SpoolWriter>,
    private readonly rowGroupRows: number,
  ) {}

  static async open(parts: ExportPart[], onProgress: (rows: number) => void, rowGroupRows = PARQUET_ROW_GROUP_ROWS): Promise<ParquetExportSpool> {
    const dir = await mkdtemp(path.join(tmpdir(), 'boltwork-parquet-'));
    const writers = new Map<ExportPart, SpoolWriter>();
    const spool: ParquetExportSpool = new ParquetExportSpool(dir, writers, rowGroupRows);
    const onRow = () => {
      spool.spooled += 1;
      if (spool.spooled % PROGRESS_EVERY_ROWS === 0) onProgress(PROGRESS_EVERY_ROWS);
    };
    for (const part of parts) writers.set(part, new SpoolWriter(path.join(dir, `${part}.jsonl`), spool.schema, onRow));
    return spool;
  }

  /** The row type every part is written with (known once all rows are spooled). */
  rowType(): Extract<ValueType, { kind: 'struct' }> {
    return this.schema.rowType();
  }

  /** Encodes every spooled part into its sink. An export with no row at all still gets valid (column-less) files. */
  async writeFiles(sinks: Map<ExportPart, ParquetByteSink>, createdBy: string): Promise<void> {
    for (const writer of this.writers.values()) await writer.close();
    const row = this.schema.rowType();
    for (const [part, writer] of this.writers) await writeParquetFile(writer.file, sinks.get(part)!, { row, createdBy, rowGroupRows: this.rowGroupRows });
  }

  async dispose(): Promise<void> {
    for (const writer of this.writers.values()) await writer.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }
}
