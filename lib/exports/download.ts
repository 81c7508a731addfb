import 'server-only';
// Streams a READY export out of PostgreSQL one chunk at a time (keyset on part, seq): gzip members pass through
// untouched for a `.gz` download, and are gunzipped chunk by chunk otherwise.
// Not Content-Encoding: Next drops that header from route handler responses, so a client would get gzip bytes
// labelled as JSONL. Compression is an explicit choice of file instead.
import { gunzipSync } from 'node:zlib';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TeamActor } from '@/lib/teams/actor';
import { toExportFileName } from './file-names';
import { formatCatalog } from './formats';
import type { ExportPart } from './schemas';

export { slugify } from './file-names';

export function toContentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  return `${kind}; filename="${fileName.replace(/[^\w.-]/g, '_')}"`;
}

/** The HTTP answer for a download: the plain file, or with `compressed` the stored gzip as a `.gz` file. */
export function toDownloadResponse(file: ExportDownload, extraHeaders: Record<string, string> = {}): Response {
  return new Response(file.body, {
    headers: {
      'Content-Type': file.gzip ? 'application/gzip' : file.contentType,
      'Content-Disposition': toContentDisposition('attachment', file.gzip ? `${file.fileName}.gz` : file.fileName),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extraHeaders,
    },
  });
}

export interface ExportDownload {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  fileName: string;
  gzip: boolean;
}

export async function streamExportDownload(
  actor: TeamActor,
  exportId: string,
  options: { part: ExportPart; acceptGzip: boolean },
): Promise<ExportDownload> {
  const exp = await db.export.findFirst({
    where: { id: exportId, teamId: actor.teamId },
    select: { status: true, format: true, filters: true, project: { select: { title: true } } },
  });
  if (!exp) throw new AppError('NOT_FOUND', 'Export not found.');
  if (exp.status === 'EXPIRED') throw new AppError('INVALID_STATE', 'This export has expired; create a new one.');
  if (exp.status !== 'READY') throw new AppError('INVALID_STATE', 'The export is not ready yet.');
  const filters = exp.filters as Record<string, unknown> | null;
  const isSplit = typeof filters?.split === 'object' && filters.split !== null;
  if (!isSplit && options.part !== 'all') throw new AppError('NOT_FOUND', 'This export has no train/validation split.');
  const info = formatCatalog[exp.format];
  // A split export's "all" is train then validation; validation's CSV header (chunk 0) is skipped.
  const segments: { part: ExportPart; fromSeq: number }[] =
    options.part !== 'all' ? [{ part: options.part, fromSeq: 0 }] : isSplit ? [{ part: 'train', fromSeq: 0 }, { part: 'validation', fromSeq: info.extension === 'csv' ? 1 : 0 }] : [{ part: 'all', fromSeq: 0 }];

  let segment = 0;
  let nextSeq = segments[0].fromSeq;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (segment >= segments.length) {
          controller.close();
          return;
        }
        const chunk = await db.exportChunk.findFirst({
          where: { exportId, part: segments[segment].part, seq: { gte: nextSeq } },
          orderBy: { seq: 'asc' },
          select: { seq: true, data: true },
        });
        if (!chunk) {
          segment += 1;
          nextSeq = segments[segment]?.fromSeq ?? 0;
          continue;
        }
        nextSeq = chunk.seq + 1;
        const bytes = options.acceptGzip ? chunk.data : new Uint8Array(gunzipSync(chunk.data));
        if (bytes.length === 0) continue;
        controller.enqueue(bytes);
        return;
      }
    },
  });
  return {
    body,
    contentType: info.extension === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    fileName: toExportFileName(exp.project.title, exp.format, options.part),
    gzip: options.acceptGzip,
  };
}
