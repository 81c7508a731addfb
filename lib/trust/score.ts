import 'server-only';
import type { Db, Prisma, Tx } from '@/lib/db';
import type { WorkerStatus } from '@/lib/generated/prisma/enums';
import { loadConsensusRecords, loadGoldRecords } from '@/lib/quality/records';
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

export type TrustRequest = {
  workerId: string;
  reason: string;
  /** The rules of the project whose answer triggered this (default rules otherwise). */
  rules?: QualityRules;
  /** The consensus record the caller just read (it is the costliest input); read here when absent. */
  consensus?: { checked: number; agreed: number };
};

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
  const [result] = await recomputeTrustMany(tx, [{ workerId, reason, ...options }]);
  return result ?? { score: 0, paused: false };
}

/**
 * Locks worker rows in id order. Every transaction that locks several workers (the quality evaluator's batches, batched
 * approvals) takes them this way first, so two of them queue instead of deadlocking.
 * FOR NO KEY UPDATE, not FOR UPDATE: it still queues behind every update of the row, but not the FOR KEY SHARE that
 * a foreign key check takes, so a batch holding its workers does not stall their claims and answers (each insert of
 * an Assignment or Judgment checks its workerId) until the batch commits.
 */
export async function lockWorkers(tx: Tx, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "WorkerProfile" WHERE id = ANY(${[...new Set(workerIds)].sort()}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
}

type WorkerRow = { id: string; status: WorkerStatus; trustScore: number; judgmentsApproved: number; judgmentsRejected: number };

/**
 * recomputeTrust for many workers in one go (the quality evaluator's batches): their rows are locked in id order, and
 * the inputs read, the scores stored and the snapshots written with one statement each, whatever the number of
 * workers. One request per worker; the result is in request order (score 0, not paused, for an unknown worker).
 */
export async function recomputeTrustMany(tx: Tx, requests: TrustRequest[]): Promise<RecomputeTrustResult[]> {
  if (requests.length === 0) return [];
  const ids = [...new Set(requests.map((r) => r.workerId))].sort();
  if (ids.length !== requests.length) throw new Error('recomputeTrustMany takes one request per worker');
  const workers = await tx.$queryRaw<WorkerRow[]>`
    SELECT id::text AS id, status, "trustScore", "judgmentsApproved", "judgmentsRejected" FROM "WorkerProfile"
    WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
  const byId = new Map(workers.map((w) => [w.id, w]));
  const found = requests.filter((r) => byId.has(r.workerId));
  const rulesOf = (request: TrustRequest) => request.rules ?? defaultQualityRules;
  const missingConsensus = found.filter((r) => !r.consensus);
  const [gold, recent, consensus] = await Promise.all([
    loadGoldRecords(tx, found.map((r) => ({ workerId: r.workerId, window: rulesOf(r).goldWindow }))),
    tx.$queryRaw<{ w: string; recent: number; tooFast: number; straightLined: number }[]>`
      SELECT req.w::text AS w, r.recent, r."tooFast", r."straightLined"
      FROM unnest(${found.map((r) => r.workerId)}::uuid[]) AS req(w)
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS recent, count(*) FILTER (WHERE "isTooFast")::int AS "tooFast",
          count(*) FILTER (WHERE 'straight_lining' = ANY(flags))::int AS "straightLined" FROM (
          SELECT "isTooFast", flags FROM "Judgment" WHERE "workerId" = req.w AND NOT "isExam"
          ORDER BY "createdAt" DESC LIMIT ${RECENT_WINDOW}::int
        ) last
      ) r`,
    loadConsensusRecords(tx, missingConsensus.map((r) => ({ workerId: r.workerId, rules: rulesOf(r) }))),
  ]);
  const recentOf = new Map(recent.map((row) => [row.w, row]));
  const consensusOf = new Map(missingConsensus.map((r, index) => [r.workerId, consensus[index]]));

  const outcomes = found.map((request, index) => {
    const worker = byId.get(request.workerId)!;
    const rules = rulesOf(request);
    const workerConsensus = request.consensus ?? consensusOf.get(request.workerId)!;
    const last = recentOf.get(request.workerId);
    const inputs: TrustInputs = {
      goldSeen: gold[index].seen,
      goldCorrect: gold[index].correct,
      consensusChecked: workerConsensus.checked,
      consensusAgreed: workerConsensus.agreed,
      reviewed: worker.judgmentsApproved + worker.judgmentsRejected,
      rejected: worker.judgmentsRejected,
      recent: last?.recent ?? 0,
      tooFast: last?.tooFast ?? 0,
      straightLined: last?.straightLined ?? 0,
    };
    const result = computeTrust(inputs);
    const pause = decidePause(inputs, result, rules);
    const paused = rules.autoPause && worker.status === 'ACTIVE' && pause !== null;
    return { request, worker, inputs, result, pause, paused };
  });

  await tx.$executeRaw`
    UPDATE "WorkerProfile" w SET "trustScore" = c.score, "dailyPayoutCapMsats" = c.cap, "updatedAt" = now()
    FROM unnest(${outcomes.map((o) => o.worker.id)}::uuid[], ${outcomes.map((o) => o.result.score)}::float8[],
      ${outcomes.map((o) => computeDailyCapMsats(o.result.score, o.worker.judgmentsApproved))}::bigint[]) AS c(id, score, cap)
    WHERE w.id = c.id`;
  const snapshots = outcomes.filter((o) => o.paused || Math.abs(o.result.score - o.worker.trustScore) >= SNAPSHOT_STEP);
  if (snapshots.length > 0) {
    await tx.trustSnapshot.createMany({
      data: snapshots.map((o) => ({
        workerId: o.worker.id,
        score: o.result.score,
        reason: o.paused ? `${o.request.reason}; paused` : o.request.reason,
        inputs: { ...o.inputs, ...o.result, paused: o.paused } satisfies Prisma.InputJsonObject,
      })),
    });
  }
  for (const o of outcomes.filter((outcome) => outcome.paused)) await pauseWorker(tx, o.worker.id, o.pause!, o.inputs, o.result.score);

  const byWorker = new Map(outcomes.map((o) => [o.worker.id, { score: o.result.score, paused: o.paused }]));
  return requests.map((r) => byWorker.get(r.workerId) ?? { score: 0, paused: false });
}

type Pause = { kind: 'LOW_GOLD' | 'LOW_TRUST'; reason: string };

function decidePause(inputs: TrustInputs, result: ReturnType<typeof computeTrust>, rules: QualityRules): Pause | null {
  if (isGoldFailing(inputs.goldSeen, inputs.goldCorrect, rules.minGoldAccuracy, rules.minGoldSeen)) {
    return {
      kind: 'LOW_GOLD',
      reason:
        `Paused automatically: ${inputs.goldCorrect} of your last ${inputs.goldSeen} check questions were right ` +
        `(at least ${Math.round(rules.minGoldAccuracy * 100)}% is needed). An admin will look at your work.`,
    };
  }
  if (
    result.score < rules.trustPauseBelow &&
    inputs.recent >= MIN_RECENT_FOR_PAUSE &&
    (inputs.goldSeen >= rules.minGoldSeen || inputs.consensusChecked >= MIN_CONSENSUS_FOR_PAUSE)
  ) {
    return { kind: 'LOW_TRUST', reason: `Paused automatically: the quality of your recent answers is too low (${describeWeakest(result)}). An admin will look at your work.` };
  }
  return null;
}

async function pauseWorker(tx: Tx, workerId: string, pause: Pause, inputs: TrustInputs, score: number): Promise<void> {
  await setWorkerStatus({ kind: 'SYSTEM' }, workerId, 'PAUSED', pause.reason, tx);
  // Also on the flagged-workers page, next to the fraud signals, so an admin sees why and can clear or ban.
  const details = { reason: pause.reason, ...inputs, score } satisfies Prisma.InputJsonObject;
  const now = new Date();
  await tx.workerFlag.upsert({
    where: { workerId_kind: { workerId, kind: pause.kind } },
    create: { workerId, kind: pause.kind, score: 1 - score, details, lastSeenAt: now },
    update: { score: 1 - score, details, lastSeenAt: now, status: 'OPEN', resolvedAt: null, resolvedById: null },
  });
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

/** getConsensusRecords for one worker (see lib/quality/records.ts). */
export async function getConsensusRecord(tx: Db, workerId: string, rules: QualityRules): Promise<{ checked: number; agreed: number }> {
  const [record] = await loadConsensusRecords(tx, [{ workerId, rules }]);
  return record;
}

/** After a human decision on one of the worker's judgments (reject, upheld appeal): rescored under that project's rules. */
export async function recomputeTrustAfterReview(tx: Tx, workerId: string, projectId: string, reason: string): Promise<RecomputeTrustResult> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { qualityRules: true } });
  return recomputeTrust(tx, workerId, reason, { rules: parseQualityRules(project?.qualityRules) });
}
