import 'server-only';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, Prisma, type Tx } from '@/lib/db';
import type { TaskType, WorkerStatus } from '@/lib/generated/prisma/enums';
import { approveJudgmentsAtOnce } from '@/lib/judgments/approve-batch';
import { rejectJudgment } from '@/lib/judgments/review';
import { lockWorkers, recomputeTrustMany } from '@/lib/trust/score';
import { onItemsCompleted } from '@/lib/webhooks/events';
import { raiseOverlapIfDisputed, reopenItemSlots } from './overlap';
import { loadWorkerRecords } from './records';
import { parseQualityRules, type QualityRules } from './rules';
import { decideVerdict, type QualityOutcome, type Verdict } from './verdict';

export type { QualityOutcome } from './verdict';
export type EvaluateJudgmentResult = { outcome: QualityOutcome; reasons: string[] };

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
  taskType: TaskType;
  minSeconds: number;
  autoApproveAfterSeconds: number | null;
  qualityRules: unknown;
  workerStatus: WorkerStatus;
};

/** Judgments evaluated together: their records are read with one statement per kind, their workers rescored at once. */
export const EVALUATION_BATCH = 200;

/**
 * Applies the projects' quality rules to judgments that have not been evaluated yet (Judgment.evaluatedAt null),
 * oldest first, up to `limit` (or exactly `ids`, when given), each once however many evaluators run:
 *   REJECT  — a wrong gold answer (goldWrong: 'reject') or too fast (tooFast: 'reject'); the reason is shown to the
 *             worker, and a regular item gets its slot back so someone else answers it;
 *   REVIEW  — flagged (too_fast, gold_wrong, straight_lining, high_skip_rate, low_agreement, low_gold_accuracy in
 *             Judgment.flags) and left PENDING for an admin;
 *   APPROVE — no flag that asks for review: paid at once when the project's auto-approval delay is 0, otherwise left
 *             PENDING for the delay.
 * Flagged judgments stay PENDING like the others, so the project's auto-approval delay still pays them when no admin
 * has rejected them by then ("nothing waits for a human forever"); the flags are what puts them in the review queue.
 * Then each worker's trust is recomputed (this may pause them), items that became disputed get one more judgment,
 * and batches that finished announce it. Exam answers and judgments no longer PENDING are only marked evaluated.
 *
 * One transaction evaluates the batch: its judgments are locked FOR UPDATE SKIP LOCKED (a second evaluator takes
 * the next ones) and marked evaluated in it, so a crash leaves them in the queue. Immediate approvals follow in a
 * second transaction (approveJudgmentsAtOnce); if that one fails, the judgments stay PENDING and the auto-approval
 * sweep pays them. A worker's answers in one batch are judged against the same record (the one after all of them).
 */
export async function evaluateJudgments(target: { ids: string[] } | { limit: number }): Promise<Map<string, EvaluateJudgmentResult>> {
  const { results, toApprove } = await db.$transaction((tx) => evaluateInTransaction(tx, target), TRANSACTION_OPTIONS);
  if (toApprove.length > 0) await approveJudgmentsAtOnce(toApprove);
  return results;
}

/** One judgment (tests, tools): evaluated now if it is still in the queue; otherwise its outcome from its state. */
export async function evaluateJudgment(judgmentId: string): Promise<EvaluateJudgmentResult> {
  const result = (await evaluateJudgments({ ids: [judgmentId] })).get(judgmentId);
  if (result) return result;
  const judgment = await db.judgment.findUnique({ where: { id: judgmentId }, select: { status: true } });
  return { outcome: judgment?.status === 'REJECTED' ? 'REJECT' : 'APPROVE', reasons: [] };
}

/** Drains the queue: evaluates batch after batch until none is left (or `maxBatches` ran). Returns how many. */
export async function evaluatePendingJudgments(options: { maxBatches?: number; batchSize?: number } = {}): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const size = options.batchSize ?? EVALUATION_BATCH;
    const evaluated = (await evaluateJudgments({ limit: size })).size;
    total += evaluated;
    if (evaluated < size) break;
  }
  return total;
}

async function evaluateInTransaction(tx: Tx, target: { ids: string[] } | { limit: number }) {
  const which = 'ids' in target ? Prisma.sql`AND j.id = ANY(${target.ids}::uuid[])` : Prisma.empty;
  const limit = 'ids' in target ? target.ids.length : target.limit;
  const subjects = await tx.$queryRaw<Subject[]>`
    SELECT j.id::text AS id, j."workerId"::text AS "workerId", j."itemId"::text AS "itemId", j."projectId"::text AS "projectId",
      j.status::text AS status, j."isGold", j."isExam", j."goldCorrect", j."isTooFast", j.flags,
      p."taskType", p."minSeconds", p."autoApproveAfterSeconds", p."qualityRules", w.status AS "workerStatus"
    FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId" JOIN "WorkerProfile" w ON w.id = j."workerId"
    WHERE j."evaluatedAt" IS NULL ${which}
    ORDER BY j.id LIMIT ${limit}
    FOR UPDATE OF j SKIP LOCKED`;
  const results = new Map<string, EvaluateJudgmentResult>();
  if (subjects.length === 0) return { results, toApprove: [] as string[] };

  const evaluable = subjects.filter((s) => s.status === 'PENDING' && !s.isExam);
  // The batch's workers are locked now, in id order, before anything below (a rejection, the trust recompute) locks
  // one of them: two evaluators, or an evaluator and an approval, then queue instead of deadlocking.
  await lockWorkers(tx, evaluable.map((s) => s.workerId));
  const rulesOf = memoRules();
  const records = await loadWorkerRecords(tx, evaluable.map((s) => ({ workerId: s.workerId, projectId: s.projectId, rules: rulesOf(s) })));
  const verdicts = new Map<string, Verdict>(
    evaluable.map((s) => [s.id, decideVerdict(s, rulesOf(s), records.get(`${s.workerId}:${s.projectId}`)!)]),
  );

  const flagged = evaluable
    .map((s) => ({ id: s.id, flags: [...new Set([...s.flags, ...verdicts.get(s.id)!.flags])], before: s.flags.length }))
    .filter((row) => row.flags.length !== row.before);
  if (flagged.length > 0) {
    await tx.$executeRaw`
      UPDATE "Judgment" j SET flags = c.flags
      FROM jsonb_to_recordset(${JSON.stringify(flagged)}::jsonb) AS c(id uuid, flags text[])
      WHERE j.id = c.id`;
  }
  const rejected = evaluable.filter((s) => verdicts.get(s.id)!.outcome === 'REJECT');
  for (const s of rejected) await rejectJudgment({ kind: 'AUTO' }, s.id, verdicts.get(s.id)!.reasons[0], tx);
  await reopenItemSlots(tx, rejected.filter((s) => !s.isGold).map((s) => s.itemId));

  // One trust recompute per worker, under the rules of their latest answer in the batch.
  const latestPerWorker = new Map(evaluable.map((s) => [s.workerId, s]));
  await recomputeTrustMany(
    tx,
    [...latestPerWorker.values()].map((s) => {
      const verdict = verdicts.get(s.id)!;
      return { workerId: s.workerId, reason: `judgment ${verdict.outcome.toLowerCase()}`, rules: rulesOf(s), consensus: verdict.consensus };
    }),
  );
  await raiseDisputedItems(tx, evaluable.filter((s) => !s.isGold && verdicts.get(s.id)!.outcome !== 'REJECT').map((s) => s.itemId));
  await tx.$executeRaw`UPDATE "Judgment" SET "evaluatedAt" = now() WHERE id = ANY(${subjects.map((s) => s.id)}::uuid[])`;
  const regularItems = subjects.filter((s) => !s.isGold && !s.isExam).map((s) => s.itemId);
  if (regularItems.length > 0) await onItemsCompleted(tx, { itemIds: [...new Set(regularItems)] });

  for (const s of subjects) {
    const verdict = verdicts.get(s.id);
    results.set(s.id, verdict ? { outcome: verdict.outcome, reasons: verdict.reasons } : { outcome: s.status === 'REJECTED' ? 'REJECT' : 'APPROVE', reasons: [] });
  }
  const toApprove = evaluable.filter((s) => verdicts.get(s.id)!.outcome === 'APPROVE' && s.autoApproveAfterSeconds === 0).map((s) => s.id);
  return { results, toApprove };
}

function memoRules(): (subject: Subject) => QualityRules {
  const byProject = new Map<string, QualityRules>();
  return (subject) => {
    let rules = byProject.get(subject.projectId);
    if (!rules) byProject.set(subject.projectId, (rules = parseQualityRules(subject.qualityRules)));
    return rules;
  };
}

/**
 * Dynamic overlap for the batch's items: only items that are DONE, in a project with an agreement threshold and room
 * under its cap can be raised, so one statement finds those and only they are looked at (raiseOverlapIfDisputed).
 */
async function raiseDisputedItems(tx: Tx, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const candidates = await tx.$queryRaw<{ id: string }[]>`
    SELECT i.id::text AS id FROM "Item" i JOIN "Project" p ON p.id = i."projectId"
    WHERE i.id = ANY(${[...new Set(itemIds)]}::uuid[]) AND i.status = 'DONE' AND NOT i."isGold"
      AND p."agreementThreshold" IS NOT NULL AND i."judgmentsDone" >= i."judgmentsNeeded"
      AND i."judgmentsNeeded" < GREATEST(p."maxJudgmentsPerItem", p."judgmentsPerItem")
    ORDER BY i.id`;
  for (const { id } of candidates) await raiseOverlapIfDisputed(tx, id);
}
