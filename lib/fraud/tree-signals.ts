import 'server-only';
import { Prisma } from '@/lib/db';

// Fraud signals of conversation-tree work (lib/trees): who reviews and ranks whose messages.
//
// REVIEW_RING: two workers who review or rank each other's messages far more often than chance, and (nearly) always
// in each other's favour: accepted as not spam, or ranked first. Chance is the author's share of the messages written
// by others: a reviewer whose tasks fall evenly across 10 writers meets each about a tenth of the time. Honest
// workers accept most messages too, so the favour alone says little; it is the pair seeking each other out, both
// ways, that a ring of friends (or one person on two accounts) shows.
//
// TREE_SHARED_DEVICE: self-review is barred per account, so the same person on a second account is the way around
// it. A worker who reviewed or ranked messages of an account that signed in from the same device (IP and user agent,
// as IP_BURST's device check) is flagged, with that account and how often.

export const treeFraudThresholds = {
  /** Days of tree work looked at. */
  treeLookbackDays: 30,
  /** Reviews or rankings of the other's messages, in each direction, before a pair is judged at all. */
  ringMinInteractions: 5,
  /** How many times more often than chance each reviews the other. */
  ringMinLift: 3,
  /** Share of those reviews and rankings in the other's favour (accepted, or ranked first), each way. */
  ringMinFavourable: 0.9,
  /** Reviews or rankings of a same-device account's messages before TREE_SHARED_DEVICE flags. */
  sharedDeviceMinInteractions: 2,
};
export type TreeFraudThresholds = typeof treeFraudThresholds;

/** One row per (reviewer or ranker, author of a message they judged): reviews and each reply of a ranked group. */
function treeInteractionsSql(t: TreeFraudThresholds) {
  return Prisma.sql`
    SELECT j."workerId" AS judge, m."authorWorkerId" AS author,
           CASE WHEN i."treeTaskKind" = 'REVIEW' THEN j.answer->>'spam' = 'false' ELSE j.answer->'order'->>0 = m.id::text END AS favourable
    FROM "Judgment" j
    JOIN "Item" i ON i.id = j."itemId"
    JOIN "TreeMessage" m ON (i."treeTaskKind" = 'REVIEW' AND m.id = i."treeMessageId")
      OR (i."treeTaskKind" = 'RANK' AND m."parentId" = i."treeMessageId" AND j.answer->'order' @> to_jsonb(m.id::text))
    WHERE i."treeTaskKind" IN ('REVIEW', 'RANK') AND m."authorWorkerId" IS NOT NULL AND m."authorWorkerId" <> j."workerId"
      AND NOT j."isExam" AND j."createdAt" > now() - make_interval(days => ${t.treeLookbackDays})`;
}

export function reviewRingSql(t: TreeFraudThresholds) {
  return Prisma.sql`
    WITH work AS (${treeInteractionsSql(t)}),
    pairs AS (SELECT judge, author, count(*)::int AS n, avg(favourable::int)::float8 AS favourable FROM work GROUP BY judge, author),
    totals AS (SELECT judge, count(*)::int AS total FROM work GROUP BY judge),
    authored AS (
      SELECT "authorWorkerId" AS author, count(*)::int AS written FROM "TreeMessage"
      WHERE "authorWorkerId" IS NOT NULL AND "createdAt" > now() - make_interval(days => ${t.treeLookbackDays})
      GROUP BY "authorWorkerId"
    ),
    everyone AS (SELECT sum(written)::float8 AS written FROM authored),
    scored AS (
      -- lift: the share of the judge's work on this author's messages over the author's share of messages by others.
      SELECT p.judge, p.author, p.n, p.favourable,
             (p.n::float8 / t.total) / (a.written / nullif(e.written - coalesce(own.written, 0), 0)) AS lift
      FROM pairs p JOIN totals t ON t.judge = p.judge JOIN authored a ON a.author = p.author CROSS JOIN everyone e
      LEFT JOIN authored own ON own.author = p.judge
    ),
    ring_pairs AS (
      SELECT x.judge AS a, x.author AS b, x.n AS "aOnB", y.n AS "bOnA", x.lift AS "liftAB", y.lift AS "liftBA",
             x.favourable AS "favourAB", y.favourable AS "favourBA"
      FROM scored x JOIN scored y ON y.judge = x.author AND y.author = x.judge
      WHERE x.n >= ${t.ringMinInteractions} AND y.n >= ${t.ringMinInteractions}
        AND x.lift >= ${t.ringMinLift} AND y.lift >= ${t.ringMinLift}
        AND x.favourable >= ${t.ringMinFavourable} AND y.favourable >= ${t.ringMinFavourable}
    ),
    members AS (
      SELECT a AS "workerId", b AS partner, "aOnB" AS given, "bOnA" AS received, least("liftAB", "liftBA") AS lift FROM ring_pairs
    )
    SELECT "workerId", least(1.0, 0.6 + 0.1 * (count(*) - 1))::float8 AS score,
           jsonb_build_object('members', to_jsonb((array_agg(partner ORDER BY partner))[1:50]), 'memberCount', count(*) + 1,
                              'interactions', sum(given + received)::int, 'minLift', round(min(lift)::numeric, 1),
                              'strength', count(*) + 1) AS details,
           (count(*) + 1)::int AS strength
    FROM members GROUP BY "workerId"`;
}

export function treeSharedDeviceSql(t: TreeFraudThresholds) {
  return Prisma.sql`
    WITH work AS (${treeInteractionsSql(t)}),
    devices AS (
      SELECT DISTINCT w.id AS "workerId", s.ip, coalesce(s."userAgent", '') AS ua
      FROM "Session" s JOIN "WorkerProfile" w ON w."userId" = s."userId"
      WHERE s.ip IS NOT NULL AND NOT (s.ip LIKE '127.%' OR s.ip = '::1' OR s.ip LIKE '::ffff:127.%')
        AND s."createdAt" > now() - make_interval(days => ${t.treeLookbackDays})
    ),
    shared AS (
      SELECT DISTINCT d1."workerId" AS judge, d2."workerId" AS author, d1.ip, d1.ua
      FROM devices d1 JOIN devices d2 ON d2.ip = d1.ip AND d2.ua = d1.ua AND d2."workerId" <> d1."workerId"
    ),
    hits AS (
      SELECT w.judge, w.author, count(*)::int AS n, min(s.ip) AS ip, min(s.ua) AS ua
      FROM work w JOIN shared s ON s.judge = w.judge AND s.author = w.author
      GROUP BY w.judge, w.author HAVING count(*) >= ${t.sharedDeviceMinInteractions}
    )
    SELECT judge AS "workerId", least(1.0, 0.7 + 0.1 * (count(*) - 1))::float8 AS score,
           jsonb_build_object('members', to_jsonb((array_agg(author ORDER BY author))[1:50]), 'memberCount', count(*) + 1,
                              'interactions', sum(n)::int, 'ip', min(ip), 'userAgent', min(ua), 'sameDevice', true,
                              'strength', count(*) + 1) AS details,
           (count(*) + 1)::int AS strength
    FROM hits GROUP BY judge`;
}
