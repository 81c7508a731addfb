// The phone's tree answers (isomorphic, pure, no zod: the tree widget's chunk imports it): the ranking widget's answer
// and the review form as the tree's answer shapes (./schemas.ts). The server checks every answer again (./submit.ts).
import type { TreeRankAnswer, TreeReviewAnswer } from './schemas';

/**
 * The ranking widget's answer (rows of SHOWN positions, best first) as the tree's `{ order: [ids] }`; null when it
 * is not a full ranking without ties (or "can't rank these", which a tree ranking can't take: skip instead).
 */
export function toTreeRankAnswer(answer: { ranking: number[][]; notRankable?: boolean }, candidateIds: readonly string[]): TreeRankAnswer | null {
  if (answer.notRankable || answer.ranking.some((row) => row.length !== 1)) return null;
  const positions = answer.ranking.map((row) => row[0]);
  const isPermutation = positions.length === candidateIds.length && new Set(positions).size === positions.length && positions.every((p) => Number.isInteger(p) && p >= 0 && p < candidateIds.length);
  return isPermutation ? { order: positions.map((p) => candidateIds[p]) } : null;
}

/** The review scale's steps (0..1), worst first. */
export const reviewScale = [0, 0.25, 0.5, 0.75, 1] as const;

export type ReviewDraft = { spam: boolean | null; scores: Record<string, number | undefined>; redFlag: boolean };

/** The review form's state as the tree's REVIEW answer; null until spam is answered and every label scored. */
export function buildTreeReviewAnswer(draft: ReviewDraft, labels: readonly string[]): TreeReviewAnswer | null {
  if (draft.spam === null) return null;
  const scores: Record<string, number> = {};
  for (const label of labels) {
    const score = draft.scores[label];
    if (score === undefined || !(score >= 0 && score <= 1)) return null;
    scores[label] = score;
  }
  return { spam: draft.spam, labels: scores, redFlag: draft.redFlag };
}

/** Why a worker reports a message shown in their task (stored as the red flag's reason). */
export const reportReasons = ['spam', 'abusive', 'private_info', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];
