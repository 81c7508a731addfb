import 'server-only';
import { db, Prisma, type Db } from '@/lib/db';
import { reviewRingSql, treeFraudThresholds, treeSharedDeviceSql } from './tree-signals';

/**
 * Fraud detectors. Each is one SQL statement that finds suspicious workers and upserts one WorkerFlag per
 * (worker, kind). A detector's rows carry a `strength` (cluster size, or score decile for timing): a flag an
 * admin CLEARED is only reopened when the signal is clearly stronger than what was cleared (more accounts joined
 * the cluster); otherwise a cleared flag keeps the details the admin saw. Flags are never deleted by a scan:
 * `lastSeenAt` says when the signal was last present.
 */

export const fraudFlagKinds = [
  'SHARED_PAYOUT_NODE',
  'SHARED_LIGHTNING_ADDRESS',
  'IP_BURST',
  'SIGNUP_BURST',
  'SCRIPTED_TIMING',
  'REVIEW_RING',
  'TREE_SHARED_DEVICE',
] as const;
export type FraudFlagKind = (typeof fraudFlagKinds)[number];

export const fraudThresholds = {
  /** Distinct workers paid (PAID/SENDING) to one node pubkey. */
  payoutNodeMinWorkers: 3,
  /** Workers saving the same Lightning Address (case-insensitive). */
  lightningAddressMinWorkers: 2,
  /** Distinct worker accounts signing in from one IP within `ipWindowMinutes`. */
  ipMinWorkers: 5,
  /** ... or from one device (same IP and user agent). */
  deviceMinWorkers: 3,
  ipWindowMinutes: 60,
  ipLookbackHours: 24,
  /** Worker profiles created from one signup IP within `signupWindowMinutes`. */
  signupIpMinWorkers: 3,
  signupWindowMinutes: 10,
  /** A platform-wide signup burst: at least this many in one window, and this many times the average window. */
  signupBurstMinWorkers: 20,
  signupBurstRatio: 10,
  signupLookbackDays: 7,
  /** Timing: over a worker's last `timingSample` judgments (at least `timingMinJudgments`). */
  timingMinJudgments: 20,
  timingSample: 50,
  /** Coefficient of variation under which durations or inter-submit gaps look machine-made (people are ~0.4-1). */
  timingMaxCv: 0.1,
  /** Gaps longer than this are breaks, not the rhythm of work. */
  timingMaxGapSeconds: 600,
  /** Conversation-tree work (lib/fraud/tree-signals.ts). */
  ...treeFraudThresholds,
};
export type FraudThresholds = typeof fraudThresholds;

/** Rows every detector returns. */
const detectorColumns = Prisma.sql`"workerId", score, details, strength`;

function sharedPayoutNodeSql(t: FraudThresholds) {
  return Prisma.sql`
    WITH clusters AS (
      SELECT destination, array_agg(DISTINCT "workerId") AS members, count(DISTINCT "workerId")::int AS n,
             sum("amountMsats")::text AS "paidMsats"
      FROM "Withdrawal"
      WHERE status IN ('PAID', 'SENDING') AND destination IS NOT NULL
      GROUP BY destination
      HAVING count(DISTINCT "workerId") >= ${t.payoutNodeMinWorkers}
    )
    SELECT DISTINCT ON (m."workerId") m."workerId",
           least(1.0, 0.6 + 0.1 * (c.n - ${t.payoutNodeMinWorkers}))::float8 AS score,
           jsonb_build_object('destination', c.destination, 'memberCount', c.n, 'members', to_jsonb(c.members[1:50]),
                              'paidMsats', c."paidMsats", 'strength', c.n) AS details,
           c.n AS strength
    FROM clusters c CROSS JOIN LATERAL unnest(c.members) AS m("workerId")
    ORDER BY m."workerId", c.n DESC`;
}

function sharedLightningAddressSql(t: FraudThresholds) {
  return Prisma.sql`
    WITH clusters AS (
      SELECT lower(trim("lightningAddress")) AS address, array_agg(id ORDER BY "createdAt") AS members, count(*)::int AS n
      FROM "WorkerProfile"
      WHERE "lightningAddress" IS NOT NULL AND trim("lightningAddress") <> ''
      GROUP BY lower(trim("lightningAddress"))
      HAVING count(*) >= ${t.lightningAddressMinWorkers}
    )
    SELECT m."workerId",
           least(1.0, 0.5 + 0.2 * (c.n - ${t.lightningAddressMinWorkers}))::float8 AS score,
           jsonb_build_object('address', c.address, 'memberCount', c.n, 'members', to_jsonb(c.members[1:50]), 'strength', c.n) AS details,
           c.n AS strength
    FROM clusters c CROSS JOIN LATERAL unnest(c.members) AS m("workerId")`;
}

/**
 * An address of the server's own machine: the wallet simulator and demo accounts in demo mode, or every client when
 * a proxy on the same machine is not counted in BOLTWORK_TRUSTED_PROXY_HOPS. No phone has one, so it says nothing
 * about who shares a network, and clustering on it would flag everyone at once and drown the real signals.
 */
function isMachineLocal(column: Prisma.Sql) {
  return Prisma.sql`(${column} LIKE '127.%' OR ${column} = '::1' OR ${column} LIKE '::ffff:127.%')`;
}

/**
 * For each sign-in, the distinct workers signing in from the same IP (and from the same IP + user agent) in the
 * following window; each worker keeps their largest cluster. One device shared by accounts scores higher than
 * one IP, which may be a carrier NAT. Window frames (not self-joins) keep this linear in the sessions scanned.
 */
function ipBurstSql(t: FraudThresholds) {
  const window = Prisma.sql`make_interval(mins => ${t.ipWindowMinutes})`;
  return Prisma.sql`
    WITH s AS (
      SELECT s.ip, coalesce(s."userAgent", '') AS ua, s."createdAt", w.id AS "workerId"
      FROM "Session" s JOIN "WorkerProfile" w ON w."userId" = s."userId"
      WHERE s.ip IS NOT NULL AND NOT ${isMachineLocal(Prisma.sql`s.ip`)} AND s."createdAt" > now() - make_interval(hours => ${t.ipLookbackHours})
    ),
    windows AS (
      SELECT ip, ua, "createdAt" AS "windowStart",
             array_agg("workerId") OVER (PARTITION BY ip ORDER BY "createdAt" RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) AS "ipAll",
             array_agg("workerId") OVER (PARTITION BY ip, ua ORDER BY "createdAt" RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) AS "deviceAll"
      FROM s
    ),
    distinct_windows AS (
      SELECT ip, ua, "windowStart",
             ARRAY(SELECT DISTINCT x FROM unnest("ipAll") x ORDER BY x) AS "ipMembers",
             ARRAY(SELECT DISTINCT x FROM unnest("deviceAll") x ORDER BY x) AS "deviceMembers"
      FROM windows
      -- One account signing in again and again is not a burst: only windows with enough sign-ins are deduplicated.
      WHERE cardinality("ipAll") >= ${t.ipMinWorkers} OR cardinality("deviceAll") >= ${t.deviceMinWorkers}
    ),
    scored AS (
      SELECT ip, ua, "windowStart", members, n, device,
             CASE WHEN device THEN least(1.0, 0.6 + 0.1 * (n - ${t.deviceMinWorkers}))
                  ELSE least(0.9, 0.5 + 0.05 * (n - ${t.ipMinWorkers})) END AS score
      FROM (
        SELECT ip, ua, "windowStart", "deviceMembers" AS members, cardinality("deviceMembers") AS n, true AS device
        FROM distinct_windows WHERE cardinality("deviceMembers") >= ${t.deviceMinWorkers}
        UNION ALL
        SELECT ip, ua, "windowStart", "ipMembers", cardinality("ipMembers"), false
        FROM distinct_windows WHERE cardinality("ipMembers") >= ${t.ipMinWorkers}
      ) x
    )
    SELECT DISTINCT ON (m."workerId") m."workerId", c.score::float8 AS score,
           jsonb_build_object('ip', c.ip, 'userAgent', CASE WHEN c.device THEN c.ua END, 'sameDevice', c.device,
                              'memberCount', c.n, 'members', to_jsonb(c.members[1:50]), 'windowStart', c."windowStart",
                              'windowMinutes', ${t.ipWindowMinutes}::int, 'strength', c.n) AS details,
           c.n AS strength
    FROM scored c CROSS JOIN LATERAL unnest(c.members) AS m("workerId")
    ORDER BY m."workerId", c.score DESC, c.n DESC`;
}

/** Profiles created together from one signup IP; or, weaker, a platform-wide burst far above the usual rate. */
function signupBurstSql(t: FraudThresholds) {
  const window = Prisma.sql`make_interval(mins => ${t.signupWindowMinutes})`;
  return Prisma.sql`
    WITH p AS (
      SELECT id, "signupIp", "createdAt" FROM "WorkerProfile"
      WHERE "createdAt" > now() - make_interval(days => ${t.signupLookbackDays})
    ),
    windows AS (
      SELECT "signupIp", "createdAt" AS "windowStart",
             CASE WHEN "signupIp" IS NOT NULL AND NOT ${isMachineLocal(Prisma.sql`"signupIp"`)} THEN
               array_agg(id) OVER (PARTITION BY "signupIp" ORDER BY "createdAt" RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) END AS "sameIp",
             array_agg(id) OVER (ORDER BY "createdAt" RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) AS "anyIp"
      FROM p
    ),
    clusters AS (
      SELECT "signupIp", "windowStart", "sameIp" AS members, cardinality("sameIp") AS n,
             least(1.0, 0.5 + 0.1 * (cardinality("sameIp") - ${t.signupIpMinWorkers}))::float8 AS score
      FROM windows WHERE cardinality("sameIp") >= ${t.signupIpMinWorkers}
      UNION ALL
      SELECT NULL, "windowStart", "anyIp", cardinality("anyIp"), 0.3::float8
      FROM windows
      WHERE cardinality("anyIp") >= greatest(${t.signupBurstMinWorkers}::int,
        ${t.signupBurstRatio}::float8 * (SELECT count(*) FROM p) * ${t.signupWindowMinutes}::float8 / (${t.signupLookbackDays}::float8 * 1440))
    )
    SELECT DISTINCT ON (m."workerId") m."workerId", c.score,
           jsonb_build_object('signupIp', c."signupIp", 'memberCount', c.n, 'members', to_jsonb(c.members[1:50]),
                              'windowStart', c."windowStart", 'windowMinutes', ${t.signupWindowMinutes}::int, 'strength', c.n) AS details,
           c.n AS strength
    FROM clusters c CROSS JOIN LATERAL unnest(c.members) AS m("workerId")
    ORDER BY m."workerId", c.score DESC, c.n DESC`;
}

/**
 * Scripts answer with a steady rhythm: durations (measured server-side from the lease) or the gaps between
 * submits vary far less than a person's. Only workers active in the last day are looked at.
 */
function scriptedTimingSql(t: FraudThresholds) {
  return Prisma.sql`
    WITH active AS (
      -- One index probe per worker on Judgment(workerId, createdAt), rather than scanning the day's judgments.
      SELECT w.id AS "workerId" FROM "WorkerProfile" w
      WHERE EXISTS (SELECT 1 FROM "Judgment" j WHERE j."workerId" = w.id AND j."createdAt" > now() - interval '1 day')
    ),
    recent AS (
      SELECT j."workerId", j."durationMs", j."createdAt"
      FROM active a CROSS JOIN LATERAL (
        SELECT "workerId", "durationMs", "createdAt" FROM "Judgment" WHERE "workerId" = a."workerId"
        ORDER BY "createdAt" DESC LIMIT ${t.timingSample}
      ) j
    ),
    gaps AS (
      SELECT "workerId", "durationMs",
             extract(epoch FROM "createdAt" - lag("createdAt") OVER (PARTITION BY "workerId" ORDER BY "createdAt")) AS gap
      FROM recent
    ),
    stats AS (
      SELECT "workerId", count(*)::int AS n, avg("durationMs")::float8 AS "meanMs",
             (stddev_samp("durationMs") / nullif(avg("durationMs"), 0))::float8 AS "cvDuration",
             count(gap) FILTER (WHERE gap <= ${t.timingMaxGapSeconds})::int AS "gapCount",
             avg(gap) FILTER (WHERE gap <= ${t.timingMaxGapSeconds})::float8 AS "meanGapSeconds",
             (stddev_samp(gap) FILTER (WHERE gap <= ${t.timingMaxGapSeconds})
               / nullif(avg(gap) FILTER (WHERE gap <= ${t.timingMaxGapSeconds}), 0))::float8 AS "cvGap"
      FROM gaps GROUP BY "workerId"
    ),
    scored AS (
      SELECT *, least(
               CASE WHEN n >= ${t.timingMinJudgments} THEN coalesce("cvDuration", 1) ELSE 1 END,
               CASE WHEN "gapCount" >= ${t.timingMinJudgments} - 1 THEN coalesce("cvGap", 1) ELSE 1 END) AS cv
      FROM stats
    )
    SELECT "workerId", (0.5 + 0.5 * greatest(0.0, 1 - cv / ${t.timingMaxCv}::float8))::float8 AS score,
           jsonb_build_object('judgments', n, 'meanMs', round("meanMs"), 'cvDuration', round("cvDuration"::numeric, 3),
                              'gapCount', "gapCount", 'meanGapSeconds', round("meanGapSeconds"::numeric, 1),
                              'cvGap', round("cvGap"::numeric, 3),
                              'strength', floor(10 * (0.5 + 0.5 * greatest(0.0, 1 - cv / ${t.timingMaxCv}::float8)))::int) AS details,
           floor(10 * (0.5 + 0.5 * greatest(0.0, 1 - cv / ${t.timingMaxCv}::float8)))::int AS strength
    FROM scored WHERE cv < ${t.timingMaxCv}::float8`;
}

const detectors: Record<FraudFlagKind, (t: FraudThresholds) => Prisma.Sql> = {
  SHARED_PAYOUT_NODE: sharedPayoutNodeSql,
  SHARED_LIGHTNING_ADDRESS: sharedLightningAddressSql,
  IP_BURST: ipBurstSql,
  SIGNUP_BURST: signupBurstSql,
  SCRIPTED_TIMING: scriptedTimingSql,
  REVIEW_RING: reviewRingSql,
  TREE_SHARED_DEVICE: treeSharedDeviceSql,
};

/**
 * Runs one detector and upserts its flags in the same statement. OPEN and ACTIONED flags follow the signal;
 * a CLEARED flag is left alone unless the new strength exceeds the cleared one, which reopens it.
 * Returns how many flags were inserted or updated.
 */
export async function runFraudDetector(kind: FraudFlagKind, thresholds: FraudThresholds = fraudThresholds, tx: Db = db): Promise<number> {
  return tx.$executeRaw`
    WITH hits AS (SELECT ${detectorColumns} FROM (${detectors[kind](thresholds)}) d)
    INSERT INTO "WorkerFlag" (id, "workerId", kind, score, details, status, "createdAt", "lastSeenAt")
    SELECT gen_random_uuid(), "workerId", ${kind}, least(1.0, greatest(0.0, score)), details, 'OPEN', now(), now() FROM hits
    ON CONFLICT ("workerId", kind) DO UPDATE SET
      score = EXCLUDED.score,
      details = EXCLUDED.details,
      "lastSeenAt" = now(),
      status = CASE WHEN "WorkerFlag".status = 'CLEARED' THEN 'OPEN'::"WorkerFlagStatus" ELSE "WorkerFlag".status END,
      "resolvedAt" = CASE WHEN "WorkerFlag".status = 'CLEARED' THEN NULL ELSE "WorkerFlag"."resolvedAt" END,
      "resolvedById" = CASE WHEN "WorkerFlag".status = 'CLEARED' THEN NULL ELSE "WorkerFlag"."resolvedById" END
    WHERE "WorkerFlag".status <> 'CLEARED'
       OR (EXCLUDED.details->>'strength')::int > coalesce(("WorkerFlag".details->>'strength')::int, 0)`;
}

export type FraudScanResult = Record<FraudFlagKind, number>;

/** Runs every detector (cron `fraud.scan`). Each detector is independent: one failing does not hide the others. */
export async function scanFraudSignals(thresholds: FraudThresholds = fraudThresholds): Promise<FraudScanResult> {
  const result = {} as FraudScanResult;
  const errors: unknown[] = [];
  for (const kind of fraudFlagKinds) {
    try {
      result[kind] = await runFraudDetector(kind, thresholds);
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `fraud scan: ${errors.length} detector(s) failed`);
  return result;
}
