import 'server-only';
// Exports and raw judgments. Downloads stream plain JSONL/CSV, or the stored gzip as a `.gz` file on request.
import { z } from 'zod';
import { streamExportDownload, toDownloadResponse } from '@/lib/exports/download';
import { createExport, getExport, getExportCard, listExports } from '@/lib/exports/service';
import { listJudgments } from '@/lib/exports/judgments';
import { createExportInputSchema, exportDtoSchema, exportPartSchema, judgmentDtoSchema, listJudgmentsQuerySchema } from '@/lib/exports/schemas';
import { apiRoute } from '../handler';
import { pageOf } from '../schemas';
import { exportParams, projectParams } from './params';

const exportResponse = { schema: exportDtoSchema, name: 'Export' } as const;

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
    description: 'Streams the plain file (decompressed on the fly). `compressed=true` sends the stored gzip as is, as a `.gz` file (`application/gzip`), about 15× smaller for JSONL. A `parquet` export is `application/vnd.apache.parquet` (already compressed: leave `compressed` off); when split, it is two files, `part=train` and `part=validation` (`part=all` answers 404).',
    params: exportParams,
    query: z.object({
      part: exportPartSchema.default('all').describe('`train` / `validation` for split exports; `all` is both (lines only).'),
      compressed: z.enum(['true', 'false']).default('false').describe('`true` for the `.gz` file.'),
    }),
    response: { description: 'The dataset file', contentTypes: ['application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet', 'application/gzip'], attachment: true },
    errors: ['NOT_FOUND', 'INVALID_STATE', 'VALIDATION_FAILED'],
  },
  async ({ actor, params, query }) =>
    toDownloadResponse(await streamExportDownload(actor, params.exportId, { part: query.part, acceptGzip: query.compressed === 'true' })),
);

export const getExportCardRoute = apiRoute(
  {
    method: 'GET', path: '/exports/{exportId}/card', operationId: 'getExportCard', tag: 'Exports',
    summary: 'The dataset card (markdown)', params: exportParams,
    response: { description: 'Markdown dataset card', contentTypes: ['text/markdown'] }, errors: ['NOT_FOUND', 'INVALID_STATE'],
  },
  async ({ actor, params }) => new Response(await getExportCard(actor, params.exportId), { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } }),
);
