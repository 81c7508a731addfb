// After the storm: latencies from the rows themselves, and every way a payment could have been made twice.
// Plain SQL through one `pg` client, so the checks do not share the app's code paths they are checking.

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (value) => (value === null ? null : Math.round(value));

/**
 * Approval -> paid per judgment: from the approval's commit (when approveJudgment returned in the lane, `approvedAtMs`)
 * to Withdrawal.settledAt (set in the transaction that books the payment, right after the wallet's invoice settled).
 * Also from Judgment.reviewedAt (set by the approval's first statement, before it waited for the project's escrow
 * row), and callback -> paid: Withdrawal.createdAt (the claim) to settledAt.
 */
export async function measureLatencies(client, approvedAtMs) {
  const { rows } = await client.query(
    `SELECT j.id AS "judgmentId", EXTRACT(EPOCH FROM (w."settledAt" - j."reviewedAt")) * 1000 AS "reviewStartToPaid",
            EXTRACT(EPOCH FROM (w."settledAt" - w."createdAt")) * 1000 AS "callbackToPaid",
            EXTRACT(EPOCH FROM (w."settledAt" - w."sentAt")) * 1000 AS "sendToPaid",
            EXTRACT(EPOCH FROM w."settledAt") * 1000 AS "settledAt"
       FROM "Judgment" j JOIN "Withdrawal" w ON w."workerId" = j."workerId" AND w.status = 'PAID'
      WHERE j.id = ANY($1::uuid[])`,
    [[...approvedAtMs.keys()]],
  );
  for (const row of rows) row.approvalToPaid = Number(row.settledAt) - approvedAtMs.get(row.judgmentId);
  const summarize = (key) => {
    const values = rows.map((row) => Number(row[key])).sort((a, b) => a - b);
    return { p50: ms(percentile(values, 50)), p90: ms(percentile(values, 90)), p99: ms(percentile(values, 99)), max: ms(values.at(-1) ?? null) };
  };
  const settled = rows.map((row) => Number(row.settledAt));
  return {
    paid: rows.length,
    approvalToPaidMs: summarize('approvalToPaid'),
    reviewStartToPaidMs: summarize('reviewStartToPaid'),
    callbackToPaidMs: summarize('callbackToPaid'),
    sendToPaidMs: summarize('sendToPaid'),
    lastSettledAtMs: settled.length ? Math.max(...settled) : null,
  };
}

const count = async (client, sql, params = []) => Number((await client.query(sql, params)).rows[0].n);

/** Every double-payment and ledger check; each `violations` figure must be 0. */
export async function checkPayments(client, { workerIds, acceptedHashes, walletPaidHashes }) {
  const violations = {
    // The platform's side: one PAID withdrawal per link, per worker (each holds one judgment) and per invoice.
    linksPaidTwice: await count(client, `SELECT count(*) AS n FROM (SELECT "linkId" FROM "Withdrawal" WHERE status = 'PAID' GROUP BY "linkId" HAVING count(*) > 1) x`),
    workersPaidTwice: await count(
      client,
      `SELECT count(*) AS n FROM (SELECT "workerId" FROM "Withdrawal" WHERE status = 'PAID' AND "workerId" = ANY($1::uuid[]) GROUP BY "workerId" HAVING count(*) > 1) x`,
      [workerIds],
    ),
    invoicesPaidTwice: await count(client, `SELECT count(*) AS n FROM (SELECT "paymentHash" FROM "Withdrawal" WHERE status = 'PAID' GROUP BY "paymentHash" HAVING count(*) > 1) x`),
    // The ledger: one payout transfer per withdrawal, one reward per judgment.
    withdrawalsSettledTwice: await count(
      client,
      `SELECT count(*) AS n FROM (SELECT "withdrawalId" FROM "LedgerTransfer" WHERE reason = 'WITHDRAWAL_PAID' GROUP BY "withdrawalId" HAVING count(*) > 1) x`,
    ),
    judgmentsRewardedTwice: await count(
      client,
      `SELECT count(*) AS n FROM (SELECT "judgmentId" FROM "LedgerTransfer" WHERE reason = 'JUDGMENT_REWARD' GROUP BY "judgmentId" HAVING count(*) > 1) x`,
    ),
    // The node's side: one successful outgoing payment per payment hash, across every payer.
    nodePaymentsTwice: await count(
      client,
      `SELECT count(*) AS n FROM (SELECT split_part("paymentHash", ':', 2) AS h FROM "SimInvoice"
         WHERE direction = 'OUTGOING' AND status = 'PAID' GROUP BY 1 HAVING count(*) > 1) x`,
    ),
    // Money left where it should not be, or out of step with what the node says it sent.
    reservedLeft: await count(client, `SELECT count(*) AS n FROM "LedgerAccount" WHERE kind = 'WORKER_RESERVED' AND "balanceMsats" <> 0`),
    paidWithoutLedger: await count(
      client,
      `SELECT count(*) AS n FROM "Withdrawal" w WHERE w.status = 'PAID' AND NOT EXISTS
         (SELECT 1 FROM "LedgerTransfer" t WHERE t."withdrawalId" = w.id AND t.reason = 'WITHDRAWAL_PAID' AND t."amountMsats" = w."amountMsats")`,
    ),
    nodePaidNotRecorded: await count(
      client,
      `SELECT count(*) AS n FROM "SimInvoice" s WHERE s.direction = 'OUTGOING' AND s.status = 'PAID' AND NOT EXISTS
         (SELECT 1 FROM "Withdrawal" w WHERE w."paymentHash" = split_part(s."paymentHash", ':', 2) AND w.status = 'PAID')`,
    ),
    acceptedNotPaidInWallet: acceptedHashes.filter((hash) => !walletPaidHashes.has(hash)).length,
  };
  const sums = (await client.query(
    `SELECT (SELECT COALESCE(sum("balanceMsats"), 0) FROM "LedgerAccount")::text AS "ledgerSum",
            (SELECT COALESCE(sum("balanceMsats"), 0) FROM "LedgerAccount" WHERE kind = 'LIGHTNING_OUT')::text AS "lightningOut",
            (SELECT COALESCE(sum("amountMsats"), 0) FROM "Withdrawal" WHERE status = 'PAID')::text AS "paidAmount",
            (SELECT COALESCE(sum("balanceMsats"), 0) FROM "LedgerAccount" WHERE kind = 'ROUTING_FEES')::text AS "routingFees",
            (SELECT COALESCE(sum("feeMsats"), 0) FROM "Withdrawal" WHERE status = 'PAID')::text AS "paidFees",
            (SELECT COALESCE(sum("amountMsats"), 0) FROM "SimInvoice" WHERE direction = 'INCOMING' AND status = 'PAID')::text AS "walletsReceived"`,
  )).rows[0];
  violations.lightningOutMismatch = sums.lightningOut === sums.paidAmount && sums.paidAmount === sums.walletsReceived ? 0 : 1;
  violations.routingFeesMismatch = sums.routingFees === sums.paidFees ? 0 : 1;
  const withdrawals = Object.fromEntries(
    (await client.query(`SELECT status, count(*)::int AS n FROM "Withdrawal" GROUP BY status`)).rows.map((row) => [row.status, row.n]),
  );
  return { violations, sums, withdrawals };
}

/**
 * Where one payout's time goes, from the rows: the claim (Withdrawal.createdAt, in the callback's transaction) ->
 * the payout.send job taken by a worker (pgboss job started_on) -> the send lease taken (Withdrawal.sentAt) ->
 * booked PAID (settledAt). Plus what each job answered and how many payouts needed more than one attempt.
 */
export async function measurePayoutPhases(client, stormStartMs) {
  const { rows } = await client.query(
    `SELECT EXTRACT(EPOCH FROM (j.started_on - w."createdAt")) * 1000 AS "claimToJobStart",
            EXTRACT(EPOCH FROM (w."sentAt" - w."createdAt")) * 1000 AS "claimToSend",
            EXTRACT(EPOCH FROM (w."settledAt" - w."sentAt")) * 1000 AS "sendToPaid",
            w.attempts, j.state::text AS "jobState", j.output
       FROM "Withdrawal" w
       LEFT JOIN LATERAL (SELECT * FROM pgboss.job WHERE name = 'payout.send' AND data->>'withdrawalId' = w.id::text
                          ORDER BY created_on LIMIT 1) j ON true
      WHERE w."createdAt" >= to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC'`,
    [stormStartMs],
  );
  const summarize = (key) => {
    const values = rows.map((row) => row[key]).filter((value) => value !== null).map(Number).sort((a, b) => a - b);
    return { n: values.length, p50: ms(percentile(values, 50)), p99: ms(percentile(values, 99)), max: ms(values.at(-1) ?? null) };
  };
  // The slowest callbacks -> paid, with when they came (seconds into the storm) and where their time went.
  const slowest = (
    await client.query(
      `SELECT round(EXTRACT(EPOCH FROM w."createdAt") * 1000 - $1) / 1000.0 AS "atSeconds",
              round(EXTRACT(EPOCH FROM (w."sentAt" - w."createdAt")) * 1000) AS "claimToSendMs",
              round(EXTRACT(EPOCH FROM (w."settledAt" - w."sentAt")) * 1000) AS "sendToPaidMs"
         FROM "Withdrawal" w WHERE w.status = 'PAID' AND w."createdAt" >= to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC'
        ORDER BY w."settledAt" - w."createdAt" DESC LIMIT 8`,
      [stormStartMs],
    )
  ).rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])));
  const tally = (pick) => rows.reduce((counts, row) => ({ ...counts, [pick(row)]: (counts[pick(row)] ?? 0) + 1 }), {});
  return {
    claimToJobStartMs: summarize('claimToJobStart'),
    claimToSendMs: summarize('claimToSend'),
    sendToPaidMs: summarize('sendToPaid'),
    attempts: tally((row) => row.attempts),
    jobStates: tally((row) => row.jobState ?? 'none'),
    slowest,
    jobAnswers: tally((row) => (row.output === null ? 'none' : typeof row.output === 'string' ? row.output : JSON.stringify(row.output).slice(0, 80))),
  };
}
