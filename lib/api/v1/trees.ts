import 'server-only';
// Conversation trees of a tree project (lib/trees, docs/trees.md): list them with their state and why, start one
// (with the team's prompt, or a worker writes it), import oasst trees as seeds, export them in oasst's shape.
import { z } from 'zod';
import { listProjectTrees } from '@/lib/trees/read';
import { MAX_MODEL_REPLIES } from '@/lib/trees/model-replies';
import { addModelRepliesForTeam, createTreeForTeam, exportOasstForTeam, importOasstForTeam } from '@/lib/trees/team';
import { apiRoute } from '../handler';
import { ApiError } from '../problem';
import { projectParams } from './params';

/** oasst files are read whole (they are parsed tree by tree, a tree per line): this bounds the memory. */
export const MAX_OASST_UPLOAD_BYTES = 20 * 1024 * 1024;

const treeDtoSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable().describe('oasst `message_tree_id` of an imported tree, or the id given at creation'),
  state: z.enum(['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED']),
  stateReason: z.string().nullable().describe('Why the tree is in its state (e.g. "goal of 12 messages reached")'),
  stateChangedAt: z.string().describe('ISO 8601'),
  origin: z.enum(['WORKER', 'TEAM', 'IMPORT']),
  skipCount: z.int(),
  liveMessages: z.int(),
  prunedMessages: z.int(),
  pendingReviews: z.int(),
  maxDepth: z.int().nullable(),
  openTasks: z.int(),
});

export const listTreesRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/trees', operationId: 'listTrees', tag: 'Projects',
    summary: 'The project’s conversation trees with their state and why', params: projectParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0).describe('Trees to skip (newest first), for paging'),
      state: z.enum(['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED']).optional().describe('Only trees in this state'),
    }),
    response: { description: 'Newest first', schema: z.object({ data: z.array(treeDtoSchema) }), name: 'TreeList' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  },
  async ({ actor, params, query }) => ({
    data: (await listProjectTrees(actor, params.projectId, { limit: query.limit, offset: query.offset, state: query.state })).map((tree) => ({ ...tree, stateChangedAt: tree.stateChangedAt.toISOString() })),
  }),
);

const createTreeSchema = z.object({
  prompt: z.object({ text: z.string().trim().min(1).max(20_000), lang: z.string().max(20).optional() }).optional()
    .describe('The first prompt; without it, a worker writes one (the project’s promptSource must be "workers").'),
  externalId: z.string().min(1).max(100).optional(),
});

export const createTreeRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees', operationId: 'createTree', tag: 'Projects',
    summary: 'Start a conversation tree', params: projectParams, body: createTreeSchema, idempotent: true,
    response: { status: 201, description: 'The new tree', schema: z.object({ treeId: z.uuid() }), name: 'CreatedTree' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'CONFLICT', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, params, body }) => createTreeForTeam(actor, params.projectId, body),
);

export const exportOasstRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/trees/oasst', operationId: 'exportOasstTrees', tag: 'Projects',
    summary: 'The project’s trees in OpenAssistant’s tree export shape (JSONL)', params: projectParams,
    response: { description: 'One tree per line: message_tree_id, tree_state, prompt with nested replies', contentTypes: ['application/x-ndjson'] },
    errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => new Response(await exportOasstForTeam(actor, params.projectId), { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' } }),
);

const importResultSchema = z.object({
  imported: z.int(),
  skipped: z.int().describe('Trees already in the project (same message_tree_id)'),
  errors: z.array(z.object({ line: z.int(), reason: z.string() })),
});

export const importOasstRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees/oasst', operationId: 'importOasstTrees', tag: 'Projects',
    summary: 'Import OpenAssistant trees (seeds, or finished trees)',
    description: `The body is the JSONL file, one oasst tree per line. Trees in state \`growing\` grow on under the project’s settings. At most ${MAX_OASST_UPLOAD_BYTES / 1024 / 1024} MiB.`,
    params: projectParams,
    rawBody: { contentTypes: ['application/x-ndjson', 'application/jsonl'], description: 'The oasst trees file.' },
    response: { status: 201, description: 'What was imported, and the lines that were not', schema: importResultSchema, name: 'OasstImport' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_STATE', 'PAYLOAD_TOO_LARGE'],
  },
  async ({ actor, params, request }) => {
    if (Number(request.headers.get('content-length') ?? '0') > MAX_OASST_UPLOAD_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${MAX_OASST_UPLOAD_BYTES} bytes.`);
    const text = await request.text();
    if (text.length > MAX_OASST_UPLOAD_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${MAX_OASST_UPLOAD_BYTES} bytes.`);
    return importOasstForTeam(actor, params.projectId, text);
  },
);

const modelRepliesSchema = z.object({
  parentId: z.uuid().describe('The user message the model replies answer'),
  replies: z.array(z.object({ text: z.string().max(20_000), modelName: z.string().min(1).max(200) })).min(1).max(MAX_MODEL_REPLIES),
});

export const addModelRepliesRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/trees/{treeId}/model-replies', operationId: 'addModelReplies', tag: 'Projects',
    summary: 'Add model replies beside the workers’ (marked synthetic, ranked blind with them)',
    params: projectParams.extend({ treeId: z.uuid().describe('Tree id') }), body: modelRepliesSchema, idempotent: true,
    response: { status: 201, description: 'The new messages', schema: z.object({ messageIds: z.array(z.uuid()) }), name: 'AddedModelReplies' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'CONFLICT', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, params, body }) => addModelRepliesForTeam(actor, params.projectId, params.treeId, body),
);
