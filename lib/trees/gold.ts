import 'server-only';
import { createUuidV7 } from '@/lib/assignment/ids';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig } from './config';
import { treeReviewAnswerSchema, type TreeReviewAnswer } from './schemas';

// Gold review tasks: a message whose verdict is known (known spam, or known fine), shown exactly like a review task
// of the project, so a worker can't tell it apart. They are ordinary gold items of the tree project (Item.isGold with
// goldAnswer { spam }), outside any tree: the claim mixes them into the work at the project's goldRatio and serves
// them as the onboarding exam (examGoldCount), and the gold record they build feeds trust and the gold rules like
// gold of any task type. lib/assignment/submit.ts grades them here, since a WRITING answer is a text.

type GoldPayload = { tree?: { kind?: unknown; gold?: unknown } };

/** Whether an item's payload is a gold review (as addGoldReviews writes it). */
export function isTreeGoldReview(payload: unknown): boolean {
  const tree = (payload as GoldPayload | null)?.tree;
  return tree?.kind === 'REVIEW' && tree.gold === true;
}

/** A worker's answer to a gold review, in the shape of any review; refused like a review of the wrong shape. */
export function parseTreeGoldReviewAnswer(answer: unknown): TreeReviewAnswer {
  const parsed = treeReviewAnswerSchema.safeParse(answer);
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'The review is not in the expected shape.');
  return parsed.data;
}

/** Right when the spam verdict is the known one; null (grades nothing) when the gold answer is broken. */
export function isTreeGoldReviewCorrect(answer: TreeReviewAnswer, gold: unknown): boolean | null {
  const spam = (gold as { spam?: unknown } | null)?.spam;
  return typeof spam === 'boolean' ? answer.spam === spam : null;
}

export type GoldReviewInput = {
  /** The conversation, oldest first; its last turn is the message under review. */
  conversation: { role: 'user' | 'assistant'; content: string }[];
  spam: boolean;
  externalId?: string;
};

/**
 * Adds gold review tasks to a tree project. They pay a review's reward and hold no slots, like any gold item. A
 * review whose externalId the project already has is skipped (an upload sent twice adds nothing twice); the ids of
 * the items added are returned.
 */
export async function addGoldReviews(projectId: string, reviews: GoldReviewInput[]): Promise<{ itemIds: string[] }> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { treeConfig: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  if (project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  const config = parseTreeConfig(project.treeConfig);
  reviews.forEach((review, index) => {
    if (review.conversation.length === 0 || review.conversation.some((turn) => turn.content.trim() === '')) {
      throw new AppError('INVALID_INPUT', `Gold review ${index + 1}: the conversation is empty or has an empty turn.`);
    }
  });
  const now = Date.now();
  const items = reviews.map((review) => {
    const id = createUuidV7(now);
    return {
      id,
      projectId,
      externalId: review.externalId ?? `tree-gold:${id}`,
      payload: { conversation: review.conversation, tree: { kind: 'REVIEW', gold: true, labels: config.reviewLabels, rewardMsats: config.rewardsMsats.REVIEW.toString() } },
      isGold: true,
      goldAnswer: { spam: review.spam },
      rewardMsats: config.rewardsMsats.REVIEW,
      judgmentsNeeded: 1,
      openSlots: 1,
    };
  });
  // ON CONFLICT (projectId, externalId) DO NOTHING: two uploads of one file at once still add each review once.
  const added = await db.item.createManyAndReturn({ data: items, skipDuplicates: true, select: { id: true } });
  return { itemIds: added.map((item) => item.id) };
}
