import 'server-only';
import { createHash } from 'node:crypto';
import type { ByteSource } from '@/lib/batches/parse';
import { db } from '@/lib/db';
import { addGoldReviews } from './gold';
import { toGoldReviewLines } from './gold-file';
import { loadOpenTreeProject } from './seed-store';
import { readUploadRecords, reportedErrors, type LineError } from './upload-lines';

// Gold reviews uploaded by the team (a JSONL file): each good line becomes a gold review task (lib/trees/gold.ts),
// served as the onboarding exam and mixed into the work. A line without an externalId gets one made from its
// conversation, so sending the same file again adds nothing twice: a review whose externalId the project already
// holds is skipped and counted.

export type GoldUploadResult = {
  /** Lines read (blank lines aside). */
  lines: number;
  created: number;
  /** Duplicates: earlier in the file, or already in the project. */
  skipped: number;
  errorCount: number;
  /** The first 1,000 problems, by line. */
  errors: LineError[];
};

const REVIEWS_PER_INSERT = 1_000;

/** The externalId a gold review without one is stored under: the same conversation always gets the same one. */
export function goldExternalIdOf(conversationKey: string): string {
  return `tree-gold:${createHash('sha256').update(conversationKey).digest('hex').slice(0, 32)}`;
}

export async function importGoldReviews(projectId: string, source: ByteSource): Promise<GoldUploadResult> {
  const config = await loadOpenTreeProject(projectId);
  const read = await readUploadRecords(source, 'jsonl');
  const parsed = toGoldReviewLines(read.records, config);
  const reviews = parsed.reviews.map((review) => ({
    conversation: review.conversation,
    spam: review.spam,
    externalId: review.externalId ?? goldExternalIdOf(review.conversationKey),
  }));
  let created = 0;
  for (let start = 0; start < reviews.length; start += REVIEWS_PER_INSERT) {
    created += (await addGoldReviews(projectId, reviews.slice(start, start + REVIEWS_PER_INSERT))).itemIds.length;
  }
  const errors = [...read.errors, ...parsed.errors];
  return {
    lines: read.records.length + read.errors.length,
    created,
    skipped: parsed.duplicatesInFile + reviews.length - created,
    errorCount: errors.length,
    errors: reportedErrors(errors),
  };
}


/** The gold reviews a tree project holds and the exam's size, for the Upload tab (the exam draws its questions from them). */
export async function loadGoldReviewSummary(projectId: string): Promise<{ goldReviews: number; examGoldCount: number; goldRatio: number }> {
  const [goldReviews, project] = await Promise.all([
    db.item.count({ where: { projectId, isGold: true, status: { not: 'CANCELLED' } } }),
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { examGoldCount: true, goldRatio: true } }),
  ]);
  return { goldReviews, ...project };
}
