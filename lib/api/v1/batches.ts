import 'server-only';
// Uploads stream straight from the request into importBatch: the wrapper never reads this body, so a
// 100,000-line file costs constant memory. Idempotency-Key is forwarded to importBatch (a batch per key).
import { z } from 'zod';
import { importBatch } from '@/lib/batches/import';
import { getBatch, listBatches } from '@/lib/batches/queries';
import { listItems } from '@/lib/batches/items';
import { batchDtoSchema, DEFAULT_MAX_UPLOAD_BYTES, importModes, itemDtoSchema, listItemsQuerySchema, type BatchFormat } from '@/lib/batches/schemas';
import { apiRoute } from '../handler';
import { ApiError } from '../problem';
import { pageOf, queryBoolean } from '../schemas';
import { batchParams, projectParams } from './params';

export const MAX_UPLOAD_BYTES = DEFAULT_MAX_UPLOAD_BYTES;

const uploadContentTypes: Record<string, BatchFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv', // read by the CSV reader, which picks the tab from the header line
};

const uploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).optional().describe('Shown in the app; defaults to `upload.jsonl` / `upload.csv`.'),
  isGold: queryBoolean('The rows are gold items with known answers (a `gold` field/column).'),
  mode: z.enum(importModes).default('all_or_nothing').describe('`all_or_nothing`: any bad row imports nothing. `skip_invalid`: import the good rows.'),
});

function formatOf(request: Request): BatchFormat {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const format = uploadContentTypes[type];
  if (!format) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Send the file as ${Object.keys(uploadContentTypes).join(', ')}.`);
  return format;
}

export const uploadBatchRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/batches', operationId: 'uploadBatch', tag: 'Batches',
    summary: 'Upload items as JSONL or CSV (streamed)',
    description:
      'The body is the file itself. Each JSONL line is `{"id"?, "payload": {...}, "gold"?}` (or the payload fields flat beside `id`/`gold`), ' +
      'the `<TaskType>ItemLine` schema of the project\'s task type (`PairwiseItemLine`, `ClassificationItemLine`, …); CSV has a header row, whose delimiter (comma, semicolon or tab) is used for the file. ' +
      'Rows are validated against the project’s task type; the answer reports counts and the first 1,000 problems with line numbers. ' +
      `At most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB per upload. A repeated Idempotency-Key returns the first batch.`,
    params: projectParams, query: uploadQuerySchema, forwardsIdempotencyKey: true,
    rawBody: { contentTypes: Object.keys(uploadContentTypes), description: 'The JSONL or CSV file, streamed.' },
    response: { status: 201, description: 'The batch with its import report', schema: batchDtoSchema, name: 'Batch' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'CONFLICT'],
  },
  async ({ actor, params, query, request, idempotencyKey }) => {
    const format = formatOf(request);
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_UPLOAD_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${MAX_UPLOAD_BYTES} bytes.`);
    if (!request.body) throw new ApiError('VALIDATION_FAILED', 'Send the file as the request body.', { errors: [{ path: 'body', message: 'Required.', code: 'invalid_type' }] });
    return importBatch(actor, params.projectId, {
      source: request.body,
      fileName: query.fileName ?? `upload.${format}`,
      format,
      isGold: query.isGold,
      mode: query.mode,
      idempotencyKey: idempotencyKey ?? undefined,
      maxBytes: MAX_UPLOAD_BYTES,
    });
  },
);

export const listBatchesRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/batches', operationId: 'listBatches', tag: 'Batches', summary: 'List a project’s uploads',
    params: projectParams, response: { description: 'The batches, newest first', schema: z.object({ data: z.array(batchDtoSchema) }), name: 'BatchList' },
    errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => ({ data: await listBatches(actor, params.projectId) }),
);

export const getBatchRoute = apiRoute(
  {
    method: 'GET', path: '/batches/{batchId}', operationId: 'getBatch', tag: 'Batches', summary: 'Get one upload and its report',
    params: batchParams, response: { description: 'The batch', schema: batchDtoSchema, name: 'Batch' }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => getBatch(actor, params.batchId),
);

export const listItemsRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/items', operationId: 'listItems', tag: 'Items', summary: 'Page through a project’s items',
    params: projectParams, query: listItemsQuerySchema,
    response: { description: 'A page of items', schema: pageOf(itemDtoSchema), name: 'ItemPage' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  },
  async ({ actor, params, query }) => listItems(actor, params.projectId, query),
);
