// The quality rules' verdict on one judgment, as pure logic over what was read about it and its worker.
// Isomorphic: the evaluator (evaluate.ts) reads the records, this decides.
import type { TaskType } from '@/lib/generated/prisma/enums';
import { treeAnswerAgrees } from '@/lib/trees/agreement';
import { getAnswerKey, getMaxSameShare, getShownPosition } from './answers';
import type { QualityRules } from './rules';

export type QualityOutcome = 'APPROVE' | 'REVIEW' | 'REJECT';

/** Worker-level checks need this many consensus-checked answers before they say anything. */
export const MIN_CONSENSUS_CHECKS = 5;

export type VerdictSubject = {
  taskType: TaskType;
  isGold: boolean;
  goldCorrect: boolean | null;
  isTooFast: boolean;
  minSeconds: number;
};

/** The worker's recent record in the judgment's project (and gold across projects), each over its rule's window. */
export type WorkerRecord = {
  /** The last straightLining.window answers in the project, newest first, with the order they were shown in. */
  recent: { answer: unknown; shownOrder: unknown }[];
  skips: { total: number; skipped: number };
  consensus: { checked: number; agreed: number };
  gold: { seen: number; correct: number };
};

export type Verdict = { outcome: QualityOutcome; reasons: string[]; flags: string[]; consensus: { checked: number; agreed: number } };

export function decideVerdict(subject: VerdictSubject, rules: QualityRules, record: WorkerRecord): Verdict {
  const rejections: string[] = [];
  const reviews: string[] = [];
  const flags: string[] = [];

  if (subject.isTooFast) {
    flags.push('too_fast');
    const text = `Answered faster than the minimum time for this task (${subject.minSeconds} s).`;
    if (rules.tooFast === 'reject') rejections.push(text);
    if (rules.tooFast === 'review') reviews.push(text);
  }
  if (subject.isGold && subject.goldCorrect === false) {
    flags.push('gold_wrong');
    const text = 'Answered a gold question wrongly.';
    if (rules.goldWrong === 'reject') rejections.push(text);
    if (rules.goldWrong === 'review') reviews.push(text);
  }

  const { recent, skips, consensus, gold } = record;
  if (recent.length >= rules.straightLining.window) {
    const positions = recent.map((r) => getShownPosition(subject.taskType, r.answer, r.shownOrder));
    const keys = recent.map((r) => getAnswerKey(subject.taskType, r.answer));
    const same = Math.max(getMaxSameShare(positions), getMaxSameShare(keys));
    if (same > rules.straightLining.maxSameShare) {
      flags.push('straight_lining');
      reviews.push(`The same answer in ${Math.round(same * 100)}% of the last ${recent.length} answers.`);
    }
  }

  if (skips.total >= rules.skipWindow && skips.skipped / skips.total > rules.maxSkipRate) {
    flags.push('high_skip_rate');
    reviews.push(`Skipped ${skips.skipped} of the last ${skips.total} tasks.`);
  }

  if (consensus.checked >= MIN_CONSENSUS_CHECKS && consensus.agreed / consensus.checked < rules.minConsensusAgreement) {
    flags.push('low_agreement');
    reviews.push(`Agreed with other workers on ${consensus.agreed} of ${consensus.checked} checked tasks.`);
  }

  if (gold.seen >= rules.minGoldSeen && gold.correct / gold.seen < rules.minGoldAccuracy) {
    flags.push('low_gold_accuracy');
    reviews.push(`${gold.correct} of the last ${gold.seen} gold answers were right.`);
  }

  const outcome: QualityOutcome = rejections.length > 0 ? 'REJECT' : reviews.length > 0 ? 'REVIEW' : 'APPROVE';
  return { outcome, reasons: outcome === 'REJECT' ? rejections : reviews, flags, consensus };
}

/**
 * How often the worker's answer matched the majority of the OTHER workers' answers on the same item (leave-one-out,
 * so a worker is not their own consensus). A tie for the majority counts as agreement when the worker's answer is
 * one of the tied ones. Answers with no comparable key (free text, unsure) are not counted. Tree reviews and rankings
 * (WRITING projects) are compared by lib/trees/agreement.ts: spam verdict and labels, or Kendall tau of the order.
 */
export function scoreConsensus(rows: { taskType: TaskType; answer: unknown; others: unknown[] }[]): { checked: number; agreed: number } {
  let checked = 0;
  let agreed = 0;
  for (const row of rows) {
    const tree = row.taskType === 'WRITING' ? treeAnswerAgrees(row.answer, row.others) : null;
    if (tree !== null) {
      checked += 1;
      if (tree) agreed += 1;
      continue;
    }
    const mine = getAnswerKey(row.taskType, row.answer);
    if (mine === null) continue;
    const counts = new Map<string, number>();
    for (const other of row.others) {
      const key = getAnswerKey(row.taskType, other);
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    const top = Math.max(...counts.values());
    checked += 1;
    if ((counts.get(mine) ?? 0) === top) agreed += 1;
  }
  return { checked, agreed };
}
