import 'server-only';
// Files into a tree project: seed prompts (JSONL or CSV/TSV, a tree per new prompt), model replies (JSONL, added
// beside the workers' replies) and gold reviews (JSONL, the exam's questions and the gold checks). The body is the file itself, as for batch uploads. Both are idempotent by content:
// a line already applied is skipped and counted, so sending a file again changes nothing.
import { z } from 'zod';
import { MAX_TREE_UPLOAD_BYTES, MAX_TREE_UPLOAD_LINES, type UploadFormat } from '@/lib/trees/upload-lines';
import { uploadGoldReviewsForTeam, uploadModelRepliesForTeam, uploadSeedPromptsForTeam } from '@/lib/trees/team';
import { apiRoute } from '../handler';
import { ApiError } from '../problem';
import { projectParams } from './params';

const seedContentTypes: Record<string, UploadFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
};

const limitNote = `At most ${MAX_TREE_UPLOAD_BYTES / 1024 / 1024} MiB and ${MAX_TREE_UPLOAD_LINES.toLocaleString('en-US')} lines per upload.`;

const lineErrorsSchema = z.array(z.object({ line: z.int(), reason: z.string() })).describe('The first 1,000 problems, by line number');

function bodyOf(request: Request): ReadableStream<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? '0') > MAX_TREE_UPLOAD_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${MAX_TREE_UPLOAD_BYTES} bytes.`);
  if (!request.body) throw new ApiError('VALIDATION_FAILED', 'Send the file as the request body.', { errors: [{ path: 'body', message: 'Required.', code: 'invalid_type' }] });
  return request.body;
}

function contentTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

const jsonlContentTypes = ['application/x-ndjson', 'application/jsonl'];

/** The body of a JSONL-only upload; another content type is refused before anything is read. */
function jsonlBodyOf(request: Request): ReadableStream<Uint8Array> {
  if (!jsonlContentTypes.includes(contentTypeOf(request))) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/x-ndjson.');
  return bodyOf(request);
}

export const uploadSeedPromptsRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees/seeds', operationId: 'uploadTreeSeeds', tag: 'Projects',
    summary: 'Upload seed prompts: a conversation tree per new prompt',
    description:
      'The body is the file. JSONL: one `{"prompt": "...", "externalId"?: "...", "lang"?: "en"}` per line. CSV or TSV: a header row with a `prompt` column ' +
      '(and optionally `externalId`, `lang`). Each new prompt starts a tree whose first reply task opens at once. A prompt already in the project ' +
      '(same `externalId`, or the same text as a tree’s prompt, ignoring case, spacing and end punctuation) is skipped and counted, so sending the file ' +
      `again seeds nothing twice. Bad lines are reported by line number; the good ones are seeded. ${limitNote}`,
    params: projectParams,
    rawBody: { contentTypes: Object.keys(seedContentTypes), description: 'The seed file.' },
    response: {
      status: 201, description: 'Counts, and the lines that were not seeded', name: 'TreeSeedUpload',
      schema: z.object({
        lines: z.int().describe('Lines read (the CSV header and blank lines aside)'),
        created: z.int().describe('Trees started'),
        skipped: z.int().describe('Prompts already in the project or earlier in the file'),
        errorCount: z.int(),
        errors: lineErrorsSchema,
      }),
    },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  },
  async ({ actor, params, request }) => {
    const format = seedContentTypes[contentTypeOf(request)];
    if (!format) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Send the file as ${Object.keys(seedContentTypes).join(', ')}.`);
    return uploadSeedPromptsForTeam(actor, params.projectId, bodyOf(request), format);
  },
);

export const uploadModelRepliesRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees/model-replies', operationId: 'uploadTreeModelReplies', tag: 'Projects',
    summary: 'Upload model replies to several trees (marked synthetic, ranked blind with the workers’)',
    description:
      'The body is a JSONL file, one `{"treeId" | "treeExternalId", "parentMessageId", "modelName", "text"}` per line. `parentMessageId` is a message id, ' +
      'an imported message’s oasst `message_id`, or `"prompt"` for the tree’s first message; it must be a user message that passed review. ' +
      `A reply its model already gave to that message is skipped and counted. Bad lines are reported by line number. ${limitNote}`,
    params: projectParams,
    rawBody: { contentTypes: jsonlContentTypes, description: 'The model replies file.' },
    response: {
      status: 201, description: 'Counts, and the lines that were not added', name: 'TreeModelReplyUpload',
      schema: z.object({ lines: z.int(), added: z.int(), skipped: z.int().describe('Replies already there'), errorCount: z.int(), errors: lineErrorsSchema }),
    },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  },
  async ({ actor, params, request }) => uploadModelRepliesForTeam(actor, params.projectId, jsonlBodyOf(request)),
);

export const uploadGoldReviewsRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees/gold-reviews', operationId: 'uploadTreeGoldReviews', tag: 'Projects',
    summary: 'Upload gold reviews: the onboarding exam’s questions and the gold checks mixed into the work',
    description:
      'The body is a JSONL file, one `{"conversation": [{"role": "user" | "assistant", "content": "..."}, ...], "spam": true | false, "externalId"?: "..."}` per line. ' +
      'The conversation starts with the user and the roles take turns; its last turn is the message under review, and `spam` is its known verdict. ' +
      'Workers see a gold review exactly like a review task; the project’s `examGoldCount` and `goldRatio` decide how they are served. ' +
      'A review whose `externalId` the project already holds (a line without one is known by its conversation) is skipped and counted, so sending the file ' +
      `again adds nothing twice. Bad lines are reported by line number; the good ones are added. ${limitNote}`,
    params: projectParams,
    rawBody: { contentTypes: jsonlContentTypes, description: 'The gold reviews file.' },
    response: {
      status: 201, description: 'Counts, and the lines that were not added', name: 'TreeGoldReviewUpload',
      schema: z.object({
        lines: z.int().describe('Lines read (blank lines aside)'),
        created: z.int().describe('Gold reviews added'),
        skipped: z.int().describe('Gold reviews already in the project or earlier in the file'),
        errorCount: z.int(),
        errors: lineErrorsSchema,
      }),
    },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  },
  async ({ actor, params, request }) => uploadGoldReviewsForTeam(actor, params.projectId, jsonlBodyOf(request)),
);
