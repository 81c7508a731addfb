import 'server-only';
// Exports and raw judgments. Downloads stream the stored gzip members as they are when the client accepts gzip.
import { z } from 'zod';
import { streamExportDownload } from '@/lib/exports/download';
import { createExport, getExport, getExportCard, listExports } from '@/lib/exports/service';
import { listJudgments } from '@/lib/exports/judgments';
import { createExportInputSchema, exportDtoSchema, exportPartSchema, judgmentDtoSchema, listJudgmentsQuerySchema } from '@/lib/exports/schemas';
import { apiRoute } from '../handler';
import { pageOf } from '../schemas';
import { exportParams, projectParams } from './params';

const exportResponse = { schema: exportDtoSchema, name: 'Export' } as const;

/** True when Accept-Encoding allows gzip (q=0 refuses it). */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...options] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export const listJudgmentsRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/judgments', operationId: 'listJudgments', tag: 'Judgments',
    summary: 'Page through raw judgments (pseudonymous workers)',
    params: projectParams, query: listJudgmentsQuerySchema,
    response: { description: 'A page of judgments, oldest first', schema: pageOf(judgmentDtoSchema), name: 'JudgmentPage' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT'],
  },
  async ({ actor, params, query }) => listJudgments(actor, params.projectId, query),
);

export const createExportRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/exports', operationId: 'createExport', tag: 'Exports',
    summary: 'Start building a dataset export', description: 'Runs in the background: poll `GET /exports/{exportId}` until `status` is `READY`.',
    params: projectParams, body: createExportInputSchema, idempotent: true,
    response: { status: 202, description: 'The queued export', ...exportResponse },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, params, body, idempotencyKey }) => createExport(actor, params.projectId, body, { idempotencyKey: idempotencyKey ?? undefined }),
);

export const listExportsRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/exports', operationId: 'listExports', tag: 'Exports', summary: 'List a project’s exports',
    params: projectParams, response: { description: 'The exports, newest first', schema: z.object({ data: z.array(exportDtoSchema) }), name: 'ExportList' },
    errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => ({ data: await listExports(actor, params.projectId) }),
);

export const getExportRoute = apiRoute(
  {
    method: 'GET', path: '/exports/{exportId}', operationId: 'getExport', tag: 'Exports', summary: 'Get an export and its progress',
    params: exportParams, response: { description: 'The export', ...exportResponse }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => getExport(actor, params.exportId),
);

export const downloadExportRoute = apiRoute(
  {
    method: 'GET', path: '/exports/{exportId}/download', operationId: 'downloadExport', tag: 'Exports',
    summary: 'Download a ready export (streamed)',
    description: 'Send `Accept-Encoding: gzip` to receive the stored gzip as is (`Content-Encoding: gzip`); otherwise the server decompresses while streaming.',
    params: exportParams,
    query: z.object({ part: exportPartSchema.default('all').describe('`train` / `validation` for split exports; `all` is both.') }),
    response: { description: 'The dataset file', contentTypes: ['application/x-ndjson', 'text/csv', 'application/octet-stream'] },
    errors: ['NOT_FOUND', 'INVALID_STATE', 'VALIDATION_FAILED'],
  },
  async ({ actor, params, query, request }) => {
    const file = await streamExportDownload(actor, params.exportId, { part: query.part, acceptGzip: acceptsGzip(request.headers.get('accept-encoding')) });
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`,
      Vary: 'Accept-Encoding',
    };
    if (file.gzip) headers['Content-Encoding'] = 'gzip';
    return new Response(file.body, { status: 200, headers });
  },
);

export const getExportCardRoute = apiRoute(
  {
    method: 'GET', path: '/exports/{exportId}/card', operationId: 'getExportCard', tag: 'Exports',
    summary: 'The dataset card (markdown)', params: exportParams,
    response: { description: 'Markdown dataset card', contentTypes: ['text/markdown'] }, errors: ['NOT_FOUND', 'INVALID_STATE'],
  },
  async ({ actor, params }) => new Response(await getExportCard(actor, params.exportId), { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } }),
);
