// Answers to tree tasks, as the phone and the API send them (zod, isomorphic). Texts are checked further by text.ts.
import { z } from 'zod';

export const treeWritingAnswerSchema = z.strictObject({ text: z.string() });

export const treeReviewAnswerSchema = z.strictObject({
  /** Spam, off-task or unfit: a message most reviewers call spam is pruned. */
  spam: z.boolean(),
  /** 0..1 per label the project asks for (Project.treeConfig.reviewLabels). */
  labels: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** A red flag: harmful or abusive; enough of them delete the message whatever its reviews. */
  redFlag: z.boolean().default(false),
});

/** The sibling replies' ids, best first: every live reply of the group exactly once. */
export const treeRankAnswerSchema = z.strictObject({ order: z.array(z.uuid()).min(2).max(20) });

export type TreeReviewAnswer = z.output<typeof treeReviewAnswerSchema>;
export type TreeRankAnswer = z.output<typeof treeRankAnswerSchema>;
