// Consensus for the review item view: each answer reduced to one comparable key per task type, then majority vote
// (lib/aggregation). Pure and isomorphic. WRITING answers are free text and have no consensus, except the reviews and
// rankings of conversation trees (lib/trees), which WRITING projects hold: their spam verdict, or the reply ranked first.
import { majorityVote, type MajorityItem } from '@/lib/aggregation';
import type { TaskType } from '@/lib/generated/prisma/enums';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The part of an answer that workers should agree on, as a string; null when there is nothing to compare. */
export function consensusKeyOf(taskType: TaskType, answer: unknown): string | null {
  if (!isRecord(answer)) return null;
  switch (taskType) {
    case 'CLASSIFICATION':
      return typeof answer.label === 'string' ? answer.label : null;
    case 'MULTI_LABEL':
      return Array.isArray(answer.labels) ? [...answer.labels].map(String).sort().join(' + ') || '(none)' : null;
    case 'PAIRWISE':
      return typeof answer.choice === 'string' ? answer.choice : null;
    case 'RANKING':
      // The top place is what a ranking most clearly says; full orders rarely match exactly.
      return Array.isArray(answer.ranking) && Array.isArray(answer.ranking[0]) ? `first: ${(answer.ranking[0] as unknown[]).map((n) => Number(n) + 1).join(', ')}` : null;
    case 'RATING':
      return isRecord(answer.scores)
        ? Object.keys(answer.scores)
            .sort()
            .map((k) => `${k} ${(answer.scores as Rec)[k]}`)
            .join(', ')
        : null;
    case 'WRITING':
      if (typeof answer.spam === 'boolean') return answer.spam ? 'spam' : 'not spam';
      return Array.isArray(answer.order) && typeof answer.order[0] === 'string' ? `first: ${answer.order[0]}` : null;
  }
}

/** Majority over the given answers, or null when fewer than one comparable answer exists. */
export function getConsensus(taskType: TaskType, answers: { workerId: string; answer: unknown }[]): MajorityItem | null {
  const votes = answers
    .map((a) => ({ worker: a.workerId, item: 'item', label: consensusKeyOf(taskType, a.answer) }))
    .filter((v): v is { worker: string; item: string; label: string } => v.label !== null);
  return majorityVote(votes).get('item') ?? null;
}
