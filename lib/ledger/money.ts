// Money is integer millisatoshis (bigint) everywhere; conversions live here (style M1).
export const MSATS_PER_SAT = 1000n;

export function satsToMsats(sats: bigint | number): bigint {
  if (typeof sats === 'number' && !Number.isSafeInteger(sats)) throw new RangeError('sats must be a safe integer');
  return BigInt(sats) * MSATS_PER_SAT;
}

/** Whole sats, floored: a partial sat is never shown as owned. */
export function msatsToSats(msats: bigint): bigint {
  return msats / MSATS_PER_SAT;
}

/** Whole sats in the reader's number style (`locale` is a BCP 47 tag: "1,234 sats" in en, "12.345 sats" in es). */
export function formatSats(msats: bigint, locale = 'en-US'): string {
  const sats = msatsToSats(msats);
  return `${new Intl.NumberFormat(locale).format(sats)} sat${sats === 1n ? '' : 's'}`;
}

/** The smallest whole-sat amount that covers `msats` (a price a wallet can show and pay exactly). */
export function ceilToWholeSat(msats: bigint): bigint {
  return ((msats + MSATS_PER_SAT - 1n) / MSATS_PER_SAT) * MSATS_PER_SAT;
}

/** Msats as sats with up to three decimals (routing fees are often a fraction of a sat): 12 msats is "0.012 sats". */
export function formatMsatsInSats(msats: bigint, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale);
  const whole = msats / MSATS_PER_SAT;
  const fraction = (msats % MSATS_PER_SAT).toString().padStart(3, '0').replace(/0+$/, '');
  // Built from bigint parts, never through a float; only the decimal mark comes from the locale.
  const decimalMark = format.formatToParts(0.5).find((part) => part.type === 'decimal')?.value ?? '.';
  const number = `${format.format(whole)}${fraction ? `${decimalMark}${fraction}` : ''}`;
  return `${number} sat${msats === MSATS_PER_SAT ? '' : 's'}`;
}

/** LNURL carries msats as JSON numbers: refuse anything a double cannot hold exactly (style M2). */
export function msatsToJsonNumber(msats: bigint): number {
  if (msats < 0n || msats > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('msats out of JSON-safe range');
  return Number(msats);
}

/** The platform fee on a reward, in basis points, rounded down (the rounding approval charges). */
export function feeMsats(rewardMsats: bigint, feeBps: number): bigint {
  return (rewardMsats * BigInt(feeBps)) / 10_000n;
}

/** What one approved judgment costs its project's escrow: the reward plus the platform fee on it. */
export function judgmentCostMsats(rewardMsats: bigint, feeBps: number): bigint {
  return rewardMsats + feeMsats(rewardMsats, feeBps);
}
