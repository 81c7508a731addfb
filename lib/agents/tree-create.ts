import 'server-only';
// A conversation-tree job's project (lib/agents/create.ts funds it): a tree project of the agents' team whose one
// tree starts from the agent's conversation, with the candidates as model replies for a ranking job. Its tasks are
// the tree engine's, leased, paid and refunded through the same task loop and escrow as any agent job.
import type { Tx } from '@/lib/db';
import { maxTreeRewardMsats, toStoredTreeConfig } from '@/lib/trees/config';
import { createSeededTreeIn } from '@/lib/trees/seeded';
import type { TreeJobRequest } from './tree-request';

const TITLES = { TREE_REPLIES: 'Reply to a conversation', TREE_RANKING: 'Rank replies to a conversation' } as const;
const INSTRUCTIONS = {
  TREE_REPLIES: 'Read the conversation and write the assistant’s next reply: helpful, honest and harmless. Other workers review each reply.',
  TREE_RANKING: 'Read the conversation and rank the replies to its last message, best first.',
} as const;

export async function createTreeJobProject(tx: Tx, request: TreeJobRequest, teamId: string, now: Date): Promise<string> {
  const { input, treeConfig } = request;
  const project = await tx.project.create({
    data: {
      teamId,
      title: input.title ?? TITLES[input.taskType],
      instructions: input.instructions ?? INSTRUCTIONS[input.taskType],
      // Tree tasks are WRITING items to the task loop (docs/trees.md).
      taskType: 'WRITING',
      typeConfig: { mode: 'write', minLength: treeConfig.minTextLength, maxLength: treeConfig.maxTextLength },
      treeConfig: toStoredTreeConfig(treeConfig),
      // The claim's budget check counts each promised task at this reward: the dearest kind at the largest per-kind reward; the budget check counts each task at its own (lib/assignment/budget-sql.ts).
      rewardMsats: maxTreeRewardMsats(treeConfig),
      feeBps: request.feeBps,
      judgmentsPerItem: 1,
      maxJudgmentsPerItem: null,
      goldRatio: 0,
      autoApproveAfterSeconds: 0,
      // Every reply is a different text: agreement and straight-lining say nothing about tree tasks yet.
      qualityRules: { straightLining: { window: 500, maxSameShare: 1 } },
      status: 'ACTIVE',
    },
    select: { id: true },
  });
  const turns = input.conversation.map((turn) => ({ role: turn.role, text: turn.content }));
  const modelReplies =
    input.taskType === 'TREE_RANKING'
      ? input.candidates.map((candidate, index) => ({ text: candidate.text, modelName: candidate.model ?? 'agent', externalId: candidate.id ?? `c${index}` }))
      : undefined;
  await createSeededTreeIn(tx, project.id, { turns, modelReplies }, now);
  return project.id;
}
