import 'server-only';
// One conversation tree with all its messages, as the team's tree page shows it (lib/trees/tree-detail.ts).
import { z } from 'zod';
import { getTreeDetail } from '@/lib/trees/tree-detail';
import { apiRoute } from '../handler';
import { projectParams } from './params';

const taskKind = z.enum(['WRITE_PROMPT', 'REPLY', 'REVIEW', 'RANK']);

const openTaskSchema = z.object({
  itemId: z.uuid(),
  kind: taskKind,
  round: z.int(),
  judgmentsNeeded: z.int(),
  judgmentsDone: z.int(),
  openSlots: z.int().describe('Answers still to hand out'),
});

const authorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('WORKER'), code: z.string().describe('The worker’s public code (as on their card), not their id') }),
  z.object({ kind: z.literal('MODEL'), modelName: z.string() }),
  z.object({ kind: z.literal('TEAM') }).describe('A seed prompt of the team'),
  z.object({ kind: z.literal('IMPORT') }).describe('Imported from an oasst file'),
]);

const messageSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  role: z.enum(['PROMPTER', 'ASSISTANT']).describe('PROMPTER is the user'),
  depth: z.int().describe('0 for the prompt'),
  siblingSlot: z.int(),
  text: z.string(),
  lang: z.string(),
  externalId: z.string().nullable().describe('oasst `message_id` of an imported message'),
  author: authorSchema,
  reviewState: z.enum(['PENDING', 'ACCEPTED', 'REJECTED']),
  reviewCount: z.int(),
  acceptVotes: z.int().describe('Reviews that did not call it spam'),
  labels: z.record(z.string(), z.object({ value: z.number(), count: z.int() })).describe('Average of each review label (0..1) and how many reviews gave it'),
  rank: z.int().nullable().describe('Merged rank among its siblings, 0 = best; null until ranked'),
  redFlagCount: z.int(),
  deleted: z.boolean(),
  deletedAt: z.string().nullable().describe('ISO 8601'),
  deletedReason: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601'),
  openTasks: z.array(openTaskSchema).describe('Reviews of it, replies to it, the ranking of its replies'),
});

const treeSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  state: z.enum(['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED']),
  stateReason: z.string().nullable(),
  stateChangedAt: z.string().describe('ISO 8601'),
  origin: z.enum(['WORKER', 'TEAM', 'IMPORT']),
  skipCount: z.int(),
  createdAt: z.string().describe('ISO 8601'),
  messages: z.array(messageSchema).describe('Parents before their replies; pruned messages included, with their reason'),
  openTasks: z.array(openTaskSchema).describe('Open tasks not about a message (the "write a prompt" task)'),
});

export const getTreeRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/trees/{treeId}', operationId: 'getTree', tag: 'Projects',
    summary: 'One conversation tree with its messages, reviews, ranks and open tasks',
    params: projectParams.extend({ treeId: z.uuid().describe('Tree id') }),
    response: { description: 'The tree', schema: treeSchema, name: 'TreeDetail' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  },
  async ({ actor, params }) => {
    const tree = await getTreeDetail(actor, params.projectId, params.treeId);
    return {
      id: tree.id, externalId: tree.externalId, state: tree.state, stateReason: tree.stateReason, stateChangedAt: tree.stateChangedAt.toISOString(),
      origin: tree.origin, skipCount: tree.skipCount, createdAt: tree.createdAt.toISOString(), openTasks: tree.openTasks,
      messages: tree.messages.map((m) => ({
        ...m, deleted: m.deletedAt !== null, deletedAt: m.deletedAt?.toISOString() ?? null, createdAt: m.createdAt.toISOString(),
      })),
    };
  },
);
