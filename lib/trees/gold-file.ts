// A file of gold reviews for a tree project (pure, isomorphic): JSONL lines
// `{"conversation": [{"role": "user"|"assistant", "content"}...], "spam": true|false, "externalId"?}`. The last turn
// is the message under review, `spam` its known verdict. Each line becomes a gold review or its reason; a line
// repeating an earlier one (same externalId, or the same conversation) is counted as a duplicate and dropped.
import { z } from 'zod';
import type { TreeConfig } from './config';
import type { GoldReviewInput } from './gold';
import { describeIssues, type LineError, type UploadRecord } from './upload-lines';

/** Turns a gold conversation may hold: enough for a deep tree's path, small enough to read on a phone. */
export const MAX_GOLD_TURNS = 50;

const turnSchema = z.strictObject({
  role: z.enum(['user', 'assistant'], { error: 'role is "user" or "assistant"' }),
  content: z.string({ error: 'give the turn’s content as text' }),
});

const goldLineSchema = z.strictObject({
  conversation: z.array(turnSchema, { error: 'give the conversation as a list of turns' }).min(1, 'give at least one turn').max(MAX_GOLD_TURNS),
  spam: z.boolean({ error: 'give the known verdict as true or false' }),
  externalId: z.string().trim().min(1).max(100).optional(),
});

export type GoldReviewLine = Omit<GoldReviewInput, 'externalId'> & { line: number; externalId: string | null; conversationKey: string };

type TextLimits = Pick<TreeConfig, 'maxTextLength'>;

/** Why a conversation can't be shown as a review of the project, or null. */
function conversationProblem(conversation: GoldReviewInput['conversation'], config: TextLimits): string | null {
  for (const [index, turn] of conversation.entries()) {
    const where = `conversation.${index}.content`;
    if (turn.content.trim() === '') return `${where}: empty`;
    if (turn.content.includes('\u0000')) return `${where}: contains U+0000, which can’t be stored`;
    if (turn.content.length > config.maxTextLength) return `${where}: ${turn.content.length} characters, at most ${config.maxTextLength} allowed`;
    // A conversation is a path of a tree: it opens with the user's prompt and the roles take turns.
    const expected = index % 2 === 0 ? 'user' : 'assistant';
    if (turn.role !== expected) return `conversation.${index}.role: expected "${expected}" (a conversation starts with the user and the roles take turns)`;
  }
  return null;
}

/** One line of a gold file → its gold review, or why not. */
export function toGoldReviewLine(record: UploadRecord, config: TextLimits): GoldReviewLine | LineError {
  const { line, value } = record;
  const parsed = goldLineSchema.safeParse(value);
  if (!parsed.success) return { line, reason: describeIssues(parsed.error.issues) };
  const conversation = parsed.data.conversation.map((turn) => ({ role: turn.role, content: turn.content.trim() }));
  const problem = conversationProblem(conversation, config);
  if (problem) return { line, reason: problem };
  const externalId = parsed.data.externalId ?? null;
  return { line, conversation, spam: parsed.data.spam, externalId, conversationKey: JSON.stringify(conversation) };
}

export type ParsedGoldReviews = { reviews: GoldReviewLine[]; duplicatesInFile: number; errors: LineError[] };

/** The file's gold reviews in line order, each externalId and each conversation once. */
export function toGoldReviewLines(records: UploadRecord[], config: TextLimits): ParsedGoldReviews {
  const reviews: GoldReviewLine[] = [];
  const errors: LineError[] = [];
  const seenIds = new Set<string>();
  const seenConversations = new Set<string>();
  let duplicatesInFile = 0;
  for (const record of records) {
    const review = toGoldReviewLine(record, config);
    if ('reason' in review) {
      errors.push(review);
      continue;
    }
    if ((review.externalId !== null && seenIds.has(review.externalId)) || seenConversations.has(review.conversationKey)) {
      duplicatesInFile += 1;
      continue;
    }
    if (review.externalId !== null) seenIds.add(review.externalId);
    seenConversations.add(review.conversationKey);
    reviews.push(review);
  }
  return { reviews, duplicatesInFile, errors };
}
