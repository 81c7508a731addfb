// Browser downloads for the exports page (session auth). The team API has its own routes under /api/v1.
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { requireExportMember } from '@/lib/exports/access';
import { streamExportDownload, toContentDisposition, toDownloadResponse } from '@/lib/exports/download';
import { exportPartSchema } from '@/lib/exports/schemas';
import { getExport, getExportCard } from '@/lib/exports/service';
import { logError } from '@/lib/log';

const querySchema = z.object({
  part: exportPartSchema.default('all'),
  file: z.enum(['data', 'card']).default('data'),
  // Browsers save a Content-Encoding: gzip download inconsistently, so the compressed file is an explicit choice.
  compressed: z.enum(['0', '1']).default('0'),
});

function problem(status: number, detail: string): Response {
  return Response.json({ title: detail, status, detail }, { status, headers: { 'Content-Type': 'application/problem+json' } });
}

export async function GET(request: Request, { params }: { params: Promise<{ exportId: string }> }): Promise<Response> {
  try {
    const { exportId } = await params;
    if (!z.uuid().safeParse(exportId).success) return problem(404, 'Export not found.');
    const url = new URL(request.url);
    const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return problem(422, 'part must be all, train or validation; file must be data or card; compressed must be 0 or 1.');
    const actor = await requireExportMember(exportId);
    if (query.data.file === 'card') {
      const card = await getExportCard(actor, exportId);
      const exp = await getExport(actor, exportId);
      return new Response(card, {
        headers: {
          'Content-Type': 'text/markdown; charset=utf-8',
          'Content-Disposition': toContentDisposition('inline', `${exp.format.toLowerCase()}-dataset-card.md`),
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    }
    return toDownloadResponse(await streamExportDownload(actor, exportId, { part: query.data.part, acceptGzip: query.data.compressed === '1' }));
  } catch (error) {
    if (isAppError(error)) return problem(error.httpStatus, error.message);
    const requestId = logError('export download failed', error);
    return problem(500, `Something went wrong (request ${requestId}).`);
  }
}
