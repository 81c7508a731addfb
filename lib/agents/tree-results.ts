import 'server-only';
// A tree job's results (GET /jobs/{id}/results, `tree`): the conversation, the replies that count (workers' replies
// their peer reviews accepted, those still unreviewed when the job closed, or the agent's candidates), and the ranking with each ranker's order. Workers appear
// as the agents' team's pseudonyms, as in exports.
import type { TreeJobResult } from '@/lib/agent-client/tree-schemas';
import { db } from '@/lib/db';
import { createPseudonymizer } from '@/lib/exports/ids';
import { parseTreeConfig } from '@/lib/trees/config';
import { treeRankAnswerSchema } from '@/lib/trees/schemas';
import { computeKendallW } from './kendall';
import { getTreeJobKind } from './tree-plan';

type Labels = Record<string, { value: number; count: number }>;

export async function isTreeJobFinished(projectId: string): Promise<boolean> {
  return (await db.conversationTree.count({ where: { projectId, state: { in: ['READY', 'ABORTED', 'HALTED'] } } })) > 0;
}

export async function getTreeJobResult(projectId: string): Promise<TreeJobResult> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { treeConfig: true, team: { select: { pseudonymSalt: true } } } });
  const config = parseTreeConfig(project.treeConfig);
  const pseudonym = createPseudonymizer(project.team.pseudonymSalt);
  const tree = await db.conversationTree.findFirstOrThrow({
    where: { projectId },
    select: {
      state: true, stateReason: true,
      messages: {
        where: { deletedAt: null },
        orderBy: [{ depth: 'asc' }, { siblingSlot: 'asc' }],
        select: { id: true, depth: true, role: true, text: true, authorWorkerId: true, isSynthetic: true, modelName: true, externalId: true, reviewState: true, reviewCount: true, acceptVotes: true, labels: true, rank: true },
      },
    },
  });
  const turns = tree.messages.filter((m) => m.depth < config.maxDepth);
  const last = turns.at(-1)!;
  const replies = tree.messages
    .filter((m) => m.depth === config.maxDepth && m.reviewState !== 'REJECTED')
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const idOf = new Map(replies.map((m) => [m.id, m.isSynthetic ? (m.externalId ?? m.id) : m.id]));
  return {
    kind: getTreeJobKind(config),
    state: tree.state,
    stateReason: tree.stateReason,
    conversation: turns.map((m) => ({ role: m.role === 'PROMPTER' ? 'user' : 'assistant', content: m.text })),
    replies: replies.map((m) => ({
      id: idOf.get(m.id)!,
      source: m.isSynthetic ? 'candidate' : 'worker',
      worker: m.authorWorkerId ? pseudonym(m.authorWorkerId) : null,
      model: m.modelName,
      text: m.text,
      accepted: m.reviewState === 'ACCEPTED',
      review: m.isSynthetic ? null : { reviews: m.reviewCount, acceptVotes: m.acceptVotes, labels: (m.labels ?? {}) as Labels },
      rank: m.rank,
    })),
    ranking: replies.length >= 2 && replies.every((m) => m.rank !== null) ? await readRanking(last.id, idOf, pseudonym) : null,
  };
}

/** The rankings of the round that ranked the group (its latest done one), as reply ids. */
async function readRanking(parentId: string, idOf: Map<string, string>, pseudonym: (workerId: string) => string): Promise<TreeJobResult['ranking']> {
  const round = await db.item.findFirst({ where: { treeMessageId: parentId, treeTaskKind: 'RANK', status: 'DONE' }, orderBy: { treeRound: 'desc' }, select: { id: true } });
  const judgments = round
    ? await db.judgment.findMany({ where: { itemId: round.id, status: { not: 'REJECTED' } }, orderBy: { createdAt: 'asc' }, select: { workerId: true, answer: true } })
    : [];
  const rankers = judgments.map((j) => {
    // Checked at submit; parsed again rather than trusted, as stored JSON.
    const answer = treeRankAnswerSchema.safeParse(j.answer);
    return { worker: pseudonym(j.workerId), order: (answer.success ? answer.data.order : []).map((id) => idOf.get(id) ?? id) };
  });
  const order = [...idOf.values()];
  return { order, rankers, agreement: computeKendallW(rankers.map((r) => r.order)) };
}
