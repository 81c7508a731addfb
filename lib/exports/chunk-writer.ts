import 'server-only';
// Buffers an export part's lines and stores them as ~1 MiB chunks, each one complete gzip member, so memory stays
// flat and a download can stream chunk after chunk (concatenated gzip members are one valid gzip file).
import { gzipSync } from 'node:zlib';
import { db } from '@/lib/db';
import type { ExportPart } from './schemas';

export const CHUNK_RAW_BYTES = 1024 * 1024;

export class ExportPartWriter {
  private lines: string[] = [];
  private bufferedBytes = 0;
  private seq = 0;
  rows = 0;
  rawBytes = 0;
  gzipBytes = 0;

  /** A CSV header goes alone in chunk 0, so train + validation can be served as one file with a single header. */
  constructor(
    private readonly exportId: string,
    readonly part: ExportPart,
    private readonly header: string | null,
    private readonly onChunk: () => Promise<void>,
  ) {}

  async start(): Promise<void> {
    if (this.header !== null) await this.store(this.header);
  }

  async write(line: string): Promise<void> {
    this.lines.push(line);
    this.bufferedBytes += Buffer.byteLength(line);
    this.rows += 1;
    if (this.bufferedBytes >= CHUNK_RAW_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.bufferedBytes = 0;
    await this.store(text);
    await this.onChunk();
  }

  /** Flushes; an empty part still gets one (empty) gzip member so its download is a valid gzip file. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.seq === 0) await this.store('');
  }

  private async store(text: string): Promise<void> {
    const raw = Buffer.from(text, 'utf8');
    const data = gzipSync(raw, { level: 6 });
    await db.exportChunk.create({ data: { exportId: this.exportId, part: this.part, seq: this.seq, data: new Uint8Array(data), rawBytes: raw.length } });
    this.seq += 1;
    this.rawBytes += raw.length;
    this.gzipBytes += data.length;
  }
}
