import 'server-only';
import type { Db, Prisma, Tx } from '@/lib/db';
import type { TaskType, WorkerStatus } from '@/lib/generated/prisma/enums';
import { getAnswerKey } from '@/lib/quality/answers';
import { defaultQualityRules, parseQualityRules, type QualityRules } from '@/lib/quality/rules';
import { computeDailyCapMsats, computeTrust, isGoldFailing, type TrustInputs } from './formula';
import { setWorkerStatus } from './status';

/** Recent answers looked at for speed and straight-lining shares. */
const RECENT_WINDOW = 50;
/** Evidence needed before a low score (rather than failing gold) may pause anyone. */
const MIN_RECENT_FOR_PAUSE = 10;
const MIN_CONSENSUS_FOR_PAUSE = 10;
/** Snapshots are history, not a log of every answer: one is written when the score moves at least this much. */
const SNAPSHOT_STEP = 0.01;

export type RecomputeTrustResult = { score: number; paused: boolean };

/**
 * Recomputes a worker's trust score from their recent record (see formula.ts), stores it with their daily payout
 * cap, writes a TrustSnapshot with the inputs when it moved, and pauses an ACTIVE worker, telling them why, when
 *   - their gold answers show, with confidence, an accuracy below minGoldAccuracy (after minGoldSeen of them), or
 *   - the score is below trustPauseBelow after enough evidence (10 recent answers and minGoldSeen gold answers or 10
 *     consensus checks).
 * `rules` are the project's whose answer triggered this; gold accuracy is over the worker's gold answers in all
 * projects. Runs in the caller's transaction; the worker row is locked first.
 */
export async function recomputeTrust(
  tx: Tx,
  workerId: string,
  reason: string,
  options: { rules?: QualityRules; consensus?: { checked: number; agreed: number } } = {},
): Promise<RecomputeTrustResult> {
  const rules = options.rules ?? defaultQualityRules;
  const [worker] = await tx.$queryRaw<{ status: WorkerStatus; trustScore: number; judgmentsApproved: number; judgmentsRejected: number }[]>`
    SELECT status, "trustScore", "judgmentsApproved", "judgmentsRejected" FROM "WorkerProfile" WHERE id = ${workerId}::uuid FOR UPDATE`;
  if (!worker) return { score: 0, paused: false };

  const gold = await tx.$queryRaw<{ seen: number; correct: number }[]>`
    SELECT count(*)::int AS seen, count(*) FILTER (WHERE "goldCorrect")::int AS correct FROM (
      SELECT "goldCorrect" FROM "Judgment"
      WHERE "workerId" = ${workerId}::uuid AND "isGold" AND NOT "isExam" AND "goldCorrect" IS NOT NULL
      ORDER BY "createdAt" DESC LIMIT ${rules.goldWindow}::int
    ) g`;
  const [recent] = await tx.$queryRaw<{ recent: number; tooFast: number; straightLined: number }[]>`
    SELECT count(*)::int AS recent, count(*) FILTER (WHERE "isTooFast")::int AS "tooFast",
      count(*) FILTER (WHERE 'straight_lining' = ANY(flags))::int AS "straightLined" FROM (
      SELECT "isTooFast", flags FROM "Judgment" WHERE "workerId" = ${workerId}::uuid AND NOT "isExam"
      ORDER BY "createdAt" DESC LIMIT ${RECENT_WINDOW}::int
    ) r`;
  // The caller may pass the consensus record it just read in this transaction (it is the costliest input).
  const consensus = options.consensus ?? (await getConsensusRecord(tx, workerId, rules));
  const inputs: TrustInputs = {
    goldSeen: gold[0]?.seen ?? 0,
    goldCorrect: gold[0]?.correct ?? 0,
    consensusChecked: consensus.checked,
    consensusAgreed: consensus.agreed,
    reviewed: worker.judgmentsApproved + worker.judgmentsRejected,
    rejected: worker.judgmentsRejected,
    recent: recent?.recent ?? 0,
    tooFast: recent?.tooFast ?? 0,
    straightLined: recent?.straightLined ?? 0,
  };
  const result = computeTrust(inputs);
  const score = result.score;

  let pauseReason: string | null = null;
  let pauseKind: 'LOW_GOLD' | 'LOW_TRUST' = 'LOW_TRUST';
  if (isGoldFailing(inputs.goldSeen, inputs.goldCorrect, rules.minGoldAccuracy, rules.minGoldSeen)) {
    pauseKind = 'LOW_GOLD';
    pauseReason =
      `Paused automatically: ${inputs.goldCorrect} of your last ${inputs.goldSeen} check questions were right ` +
      `(at least ${Math.round(rules.minGoldAccuracy * 100)}% is needed). An admin will look at your work.`;
  } else if (
    score < rules.trustPauseBelow &&
    inputs.recent >= MIN_RECENT_FOR_PAUSE &&
    (inputs.goldSeen >= rules.minGoldSeen || inputs.consensusChecked >= MIN_CONSENSUS_FOR_PAUSE)
  ) {
    pauseReason = `Paused automatically: the quality of your recent answers is too low (${describeWeakest(result)}). An admin will look at your work.`;
  }
  const paused = rules.autoPause && worker.status === 'ACTIVE' && pauseReason !== null;

  await tx.workerProfile.update({
    where: { id: workerId },
    data: { trustScore: score, dailyPayoutCapMsats: computeDailyCapMsats(score, worker.judgmentsApproved) },
  });
  if (paused || Math.abs(score - worker.trustScore) >= SNAPSHOT_STEP) {
    const snapshot = { ...inputs, ...result, paused } satisfies Prisma.InputJsonObject;
    await tx.trustSnapshot.create({ data: { workerId, score, reason: paused ? `${reason}; paused` : reason, inputs: snapshot } });
  }
  if (paused) {
    await setWorkerStatus({ kind: 'SYSTEM' }, workerId, 'PAUSED', pauseReason!, tx);
    // Also on the flagged-workers page, next to the fraud signals, so an admin sees why and can clear or ban.
    const kind = pauseKind;
    const details = { reason: pauseReason!, ...inputs, score } satisfies Prisma.InputJsonObject;
    const now = new Date();
    await tx.workerFlag.upsert({
      where: { workerId_kind: { workerId, kind } },
      create: { workerId, kind, score: 1 - score, details, lastSeenAt: now },
      update: { score: 1 - score, details, lastSeenAt: now, status: 'OPEN', resolvedAt: null, resolvedById: null },
    });
  }
  return { score, paused };
}

function describeWeakest(result: ReturnType<typeof computeTrust>): string {
  const reasons: string[] = [];
  if (result.goldAccuracy < 0.7) reasons.push('check questions answered wrongly');
  if (result.agreement < 0.6) reasons.push('answers often differ from other workers');
  if (result.tooFastShare > 0.3) reasons.push('answers faster than the minimum time');
  if (result.straightShare > 0.3) reasons.push('the same answer again and again');
  if (result.rejectionRate > 0.3) reasons.push('many rejected answers');
  return reasons.length > 0 ? reasons.join(', ') : 'low overall score';
}

type ConsensusRow = { itemId: string; taskType: TaskType; answer: unknown; others: unknown[] };

/**
 * How often the worker's answer matched the majority of the OTHER workers' answers (leave-one-out, so a worker is
 * not their own consensus), over their last `consensusWindow` regular answers on items with at least
 * consensusMinJudgments live (not rejected) answers. A tie for the majority counts as agreement when the worker's
 * answer is one of the tied ones.
 */
export async function getConsensusRecord(tx: Db, workerId: string, rules: QualityRules): Promise<{ checked: number; agreed: number }> {
  const rows = await tx.$queryRaw<ConsensusRow[]>`
    SELECT m."itemId"::text AS "itemId", m."taskType", m.answer,
      (SELECT coalesce(array_agg(o.answer), '{}') FROM "Judgment" o
       WHERE o."itemId" = m."itemId" AND o."workerId" <> ${workerId}::uuid AND o.status <> 'REJECTED' AND NOT o."isExam") AS others
    FROM (
      SELECT j."itemId", j.answer, p."taskType" FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId"
      WHERE j."workerId" = ${workerId}::uuid AND NOT j."isGold" AND NOT j."isExam" AND j.status <> 'REJECTED'
        AND (SELECT count(*) FROM "Judgment" c WHERE c."itemId" = j."itemId" AND c.status <> 'REJECTED' AND NOT c."isExam")
          >= ${rules.consensusMinJudgments}::int
      ORDER BY j."createdAt" DESC LIMIT ${rules.consensusWindow}::int
    ) m`;
  let checked = 0;
  let agreed = 0;
  for (const row of rows) {
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

/** After a human decision on one of the worker's judgments (reject, upheld appeal): rescored under that project's rules. */
export async function recomputeTrustAfterReview(tx: Tx, workerId: string, projectId: string, reason: string): Promise<RecomputeTrustResult> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { qualityRules: true } });
  return recomputeTrust(tx, workerId, reason, { rules: parseQualityRules(project?.qualityRules) });
}
