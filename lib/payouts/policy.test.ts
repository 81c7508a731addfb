import { describe, expect, it } from 'vitest';
import { feeLimitFor, maxWithdrawable, MIN_WITHDRAWAL_MSATS, reserveFor } from './policy';

describe('payout policy', () => {
  it('caps routing fees at 1% with a 2-sat floor', () => {
    expect(feeLimitFor(100_000n)).toBe(2_000n);
    expect(feeLimitFor(1_000_000n)).toBe(10_000n);
  });

  it('offers the largest whole-sat amount whose reserve fits the balance', () => {
    for (const available of [0n, 2_500n, 3_000n, 21_000n, 999_999n, 1_000_000n, 123_456_789n]) {
      const max = maxWithdrawable(available);
      if (max === 0n) continue;
      expect(max % 1000n).toBe(0n);
      expect(max).toBeGreaterThanOrEqual(MIN_WITHDRAWAL_MSATS);
      expect(reserveFor(max)).toBeLessThanOrEqual(available);
      expect(reserveFor(max + 1000n)).toBeGreaterThan(available);
    }
    expect(maxWithdrawable(2_999n)).toBe(0n);
    expect(maxWithdrawable(21_000n)).toBe(19_000n);
  });
});
