import 'server-only';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Db } from '@/lib/db';
import type { TaskType, WorkerStatus } from '@/lib/generated/prisma/enums';
import { approveJudgment, rejectJudgment } from '@/lib/judgments/review';
import { logError } from '@/lib/log';
import { getConsensusRecord, recomputeTrust } from '@/lib/trust/score';
import { getAnswerKey, getMaxSameShare, getShownPosition } from './answers';
import { raiseOverlapIfDisputed, reopenItemSlots } from './overlap';
import { parseQualityRules, type QualityRules } from './rules';

export type QualityOutcome = 'APPROVE' | 'REVIEW' | 'REJECT';
export type EvaluateJudgmentResult = { outcome: QualityOutcome; reasons: string[] };

/** Worker-level checks need this many consensus-checked answers before they say anything. */
const MIN_CONSENSUS_CHECKS = 5;

type Subject = {
  id: string;
  workerId: string;
  itemId: string;
  projectId: string;
  status: string;
  isGold: boolean;
  isExam: boolean;
  goldCorrect: boolean | null;
  isTooFast: boolean;
  flags: string[];
  durationMs: number;
  taskType: TaskType;
  minSeconds: number;
  autoApproveAfterSeconds: number | null;
  qualityRules: unknown;
  workerStatus: WorkerStatus;
};

/**
 * Applies the project's quality rules to a freshly submitted judgment:
 *   REJECT  — a wrong gold answer (goldWrong: 'reject') or too fast (tooFast: 'reject'); the reason is shown to the
 *             worker, and a regular item gets its slot back so someone else answers it;
 *   REVIEW  — flagged (too_fast, gold_wrong, straight_lining, high_skip_rate, low_agreement, low_gold_accuracy in
 *             Judgment.flags) and left PENDING for an admin;
 *   APPROVE — no flag that asks for review: paid at once when the project's auto-approval delay is 0, otherwise left
 *             PENDING for the delay.
 * Flagged judgments stay PENDING like the others, so the project's auto-approval delay still pays them when no admin
 * has rejected them by then ("nothing waits for a human forever"); the flags are what puts them in the review queue.
 * Then the worker's trust is recomputed (this may pause them), and the item's overlap raised if it is disputed.
 * Exam answers and judgments no longer PENDING are left alone (outcome from their state, no reasons).
 */
export async function evaluateJudgment(judgmentId: string): Promise<EvaluateJudgmentResult> {
  const [subject] = await db.$queryRaw<Subject[]>`
    SELECT j.id::text AS id, j."workerId"::text AS "workerId", j."itemId"::text AS "itemId", j."projectId"::text AS "projectId",
      j.status::text AS status, j."isGold", j."isExam", j."goldCorrect", j."isTooFast", j.flags, j."durationMs",
      p."taskType", p."minSeconds", p."autoApproveAfterSeconds", p."qualityRules", w.status AS "workerStatus"
    FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId" JOIN "WorkerProfile" w ON w.id = j."workerId"
    WHERE j.id = ${judgmentId}::uuid`;
  if (!subject || subject.status !== 'PENDING' || subject.isExam) {
    return { outcome: subject?.status === 'REJECTED' ? 'REJECT' : 'APPROVE', reasons: [] };
  }
  const rules = parseQualityRules(subject.qualityRules);
  // The checks only read, so they run outside the transaction (in parallel): the transaction holds a pooled
  // connection only for the writes and the trust recompute, which locks the worker row.
  const verdict = await judge(db, subject, rules);
  const result = await db.$transaction(async (tx) => {
    const flags = [...new Set([...subject.flags, ...verdict.flags])];
    if (flags.length !== subject.flags.length) await tx.judgment.update({ where: { id: subject.id }, data: { flags } });
    if (verdict.outcome === 'REJECT') {
      await rejectJudgment({ kind: 'AUTO' }, subject.id, verdict.reasons[0], tx);
      if (!subject.isGold) await reopenItemSlots(tx, [subject.itemId]);
    }
    const trust = await recomputeTrust(tx, subject.workerId, `judgment ${verdict.outcome.toLowerCase()}`, { rules, consensus: verdict.consensus });
    if (!subject.isGold && verdict.outcome !== 'REJECT') await raiseOverlapIfDisputed(tx, subject.itemId);
    return { outcome: verdict.outcome, reasons: verdict.reasons, paused: trust.paused };
  }, TRANSACTION_OPTIONS);
  if (result.outcome === 'APPROVE' && subject.autoApproveAfterSeconds === 0) await approveAtOnce(subject.id);
  return { outcome: result.outcome, reasons: result.reasons };
}

/**
 * For the submit path: the judgment is already committed, so a failed evaluation must not fail the submit. It stays
 * PENDING, unflagged, and the auto-approval sweep decides it.
 */
export async function evaluateSubmittedJudgment(judgmentId: string): Promise<void> {
  try {
    await evaluateJudgment(judgmentId);
  } catch (error) {
    logError('quality evaluation failed; the judgment stays pending', error, { judgmentId });
  }
}

async function approveAtOnce(judgmentId: string): Promise<void> {
  try {
    await approveJudgment({ kind: 'AUTO' }, judgmentId);
  } catch (error) {
    logError('immediate auto-approval failed; the sweep will retry', error, { judgmentId });
  }
}

type Verdict = { outcome: QualityOutcome; reasons: string[]; flags: string[]; consensus: { checked: number; agreed: number } };

async function judge(tx: Db, subject: Subject, rules: QualityRules): Promise<Verdict> {
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

  const [recent, [skips], consensus, [gold]] = await Promise.all([
    tx.$queryRaw<{ answer: unknown; shownOrder: unknown }[]>`
    SELECT j.answer, a."shownOrder" FROM "Judgment" j JOIN "Assignment" a ON a.id = j."assignmentId"
    WHERE j."workerId" = ${subject.workerId}::uuid AND j."projectId" = ${subject.projectId}::uuid AND NOT j."isExam"
    ORDER BY j."createdAt" DESC LIMIT ${rules.straightLining.window}::int`,
    tx.$queryRaw<{ total: number; skipped: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped FROM (
      SELECT status FROM "Assignment"
      WHERE "workerId" = ${subject.workerId}::uuid AND "projectId" = ${subject.projectId}::uuid AND NOT "isExam" AND status <> 'ACTIVE'
      ORDER BY "leasedAt" DESC LIMIT ${rules.skipWindow}::int
    ) s`,
    getConsensusRecord(tx, subject.workerId, rules),
    tx.$queryRaw<{ seen: number; correct: number }[]>`
    SELECT count(*)::int AS seen, count(*) FILTER (WHERE "goldCorrect")::int AS correct FROM (
      SELECT "goldCorrect" FROM "Judgment"
      WHERE "workerId" = ${subject.workerId}::uuid AND "isGold" AND NOT "isExam" AND "goldCorrect" IS NOT NULL
      ORDER BY "createdAt" DESC LIMIT ${rules.goldWindow}::int
    ) g`,
  ]);
  if (recent.length >= rules.straightLining.window) {
    const positions = recent.map((r) => getShownPosition(subject.taskType, r.answer, r.shownOrder));
    const keys = recent.map((r) => getAnswerKey(subject.taskType, r.answer));
    const same = Math.max(getMaxSameShare(positions), getMaxSameShare(keys));
    if (same > rules.straightLining.maxSameShare) {
      flags.push('straight_lining');
      reviews.push(`The same answer in ${Math.round(same * 100)}% of the last ${recent.length} answers.`);
    }
  }

  if (skips && skips.total >= rules.skipWindow && skips.skipped / skips.total > rules.maxSkipRate) {
    flags.push('high_skip_rate');
    reviews.push(`Skipped ${skips.skipped} of the last ${skips.total} tasks.`);
  }

  if (consensus.checked >= MIN_CONSENSUS_CHECKS && consensus.agreed / consensus.checked < rules.minConsensusAgreement) {
    flags.push('low_agreement');
    reviews.push(`Agreed with other workers on ${consensus.agreed} of ${consensus.checked} checked tasks.`);
  }

  if (gold && gold.seen >= rules.minGoldSeen && gold.correct / gold.seen < rules.minGoldAccuracy) {
    flags.push('low_gold_accuracy');
    reviews.push(`${gold.correct} of the last ${gold.seen} gold answers were right.`);
  }

  const outcome: QualityOutcome = rejections.length > 0 ? 'REJECT' : reviews.length > 0 ? 'REVIEW' : 'APPROVE';
  return { outcome, reasons: outcome === 'REJECT' ? rejections : reviews, flags, consensus };
}
