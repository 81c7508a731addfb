// Payout limits and fee policy. Workers pay their own routing fees, capped: a withdrawal reserves the
// amount plus its fee limit, and what the node did not spend on fees goes back to the worker.

export const MIN_WITHDRAWAL_MSATS = 1_000n;
export const WITHDRAW_LINK_TTL_MS = 10 * 60 * 1000;
export const PAYOUT_TIMEOUT_SECONDS = 30;
/** How long a send waits for the node's answer before leaving the payout UNKNOWN: its own timeout plus slack. */
export const PAYOUT_ANSWER_DEADLINE_MS = PAYOUT_TIMEOUT_SECONDS * 1000 + 15_000;
/** A payout being sent is not taken again for this long: longer than any attempt (PAYOUT_ANSWER_DEADLINE_MS). */
export const SEND_LEASE_MS = 120_000;
/**
 * The process that creates a payout pays it at once; the `payout.send` job queued with it is due this much later
 * and only pays if that process died before taking the send lease (otherwise it finds the payout settled or busy).
 */
export const PAYOUT_FALLBACK_DELAY_SECONDS = 10;
const MIN_FEE_LIMIT_MSATS = 2_000n;

/** The most the node may spend routing a payment of `amountMsats`: 1%, at least 2 sats. */
export function feeLimitFor(amountMsats: bigint): bigint {
  const percent = amountMsats / 100n;
  return percent > MIN_FEE_LIMIT_MSATS ? percent : MIN_FEE_LIMIT_MSATS;
}

/** What a link reserves for a withdrawal of up to `maxMsats`. */
export function reserveFor(maxMsats: bigint): bigint {
  return maxMsats + feeLimitFor(maxMsats);
}

/**
 * The largest whole-sat amount whose amount + fee limit fits in `availableMsats`, or 0 when nothing can
 * be withdrawn yet.
 */
export function maxWithdrawable(availableMsats: bigint): bigint {
  let max = ((availableMsats - MIN_FEE_LIMIT_MSATS) / 1000n) * 1000n;
  while (max > 0n && reserveFor(max) > availableMsats) max -= 1000n;
  return max >= MIN_WITHDRAWAL_MSATS ? max : 0n;
}
