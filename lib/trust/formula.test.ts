import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/test/random';
import { binomialCdf, computeDailyCapMsats, computeTrust, isGoldFailing, MAX_CAP_MSATS, NEW_WORKER_CAP_MSATS, type TrustInputs } from './formula';

const none: TrustInputs = { goldSeen: 0, goldCorrect: 0, consensusChecked: 0, consensusAgreed: 0, reviewed: 0, rejected: 0, recent: 0, tooFast: 0, straightLined: 0 };

describe('trust score', () => {
  it('starts a new worker from the priors, well above the pause threshold', () => {
    const { score, goldAccuracy, agreement } = computeTrust(none);
    expect(goldAccuracy).toBeCloseTo(0.8);
    expect(agreement).toBeCloseTo(0.75);
    expect(score).toBeGreaterThan(0.8);
  });

  it('separates an honest 85% worker from a random clicker', () => {
    const honest = computeTrust({ ...none, goldSeen: 20, goldCorrect: 17, consensusChecked: 20, consensusAgreed: 17, recent: 50 });
    const random = computeTrust({ ...none, goldSeen: 10, goldCorrect: 3, consensusChecked: 20, consensusAgreed: 5, recent: 30 });
    expect(honest.score).toBeGreaterThan(0.85);
    expect(random.score).toBeLessThan(0.35);
  });

  it('is lowered by too-fast answers and straight-lining', () => {
    const base = { ...none, goldSeen: 10, goldCorrect: 9, consensusChecked: 10, consensusAgreed: 9, recent: 20 };
    const clean = computeTrust(base).score;
    expect(computeTrust({ ...base, tooFast: 20 }).score).toBeCloseTo(clean / 2);
    expect(computeTrust({ ...base, straightLined: 10 }).score).toBeCloseTo(clean * 0.75);
  });

  it('uses rejections, smoothed', () => {
    const few = computeTrust({ ...none, reviewed: 2, rejected: 2 });
    const many = computeTrust({ ...none, reviewed: 100, rejected: 60 });
    expect(few.rejectionRate).toBeLessThan(0.3);
    expect(many.rejectionRate).toBeGreaterThan(0.5);
    expect(many.score).toBeLessThan(few.score);
  });
});

describe('failing gold', () => {
  it('computes binomial tails', () => {
    expect(binomialCdf(6, 0.7, 1)).toBeCloseTo(0.3 ** 6 + 6 * 0.7 * 0.3 ** 5, 10);
    expect(binomialCdf(5, 0.5, 5)).toBe(1);
    expect(binomialCdf(5, 0.5, -1)).toBe(0);
  });

  it('needs minGoldSeen answers and confidence, not a raw share', () => {
    expect(isGoldFailing(4, 0, 0.7, 5)).toBe(false);
    expect(isGoldFailing(5, 0, 0.7, 5)).toBe(true);
    expect(isGoldFailing(5, 3, 0.7, 5)).toBe(false); // 60%: could be bad luck
    expect(isGoldFailing(20, 5, 0.7, 5)).toBe(true);
    expect(isGoldFailing(20, 14, 0.7, 5)).toBe(false);
  });

  it('rarely pauses an honest 85% worker and nearly always catches a random one within 20 gold answers', () => {
    const random = mulberry32(7);
    const run = (accuracy: number) => {
      const answers: number[] = [];
      for (let n = 1; n <= 20; n++) {
        answers.push(random() < accuracy ? 1 : 0);
        if (isGoldFailing(n, answers.reduce((a, b) => a + b, 0), 0.7, 5)) return true;
      }
      return false;
    };
    const trials = 2000;
    let honestPaused = 0;
    let spammersCaught = 0;
    for (let t = 0; t < trials; t++) {
      if (run(0.85)) honestPaused++;
      if (run(0.25)) spammersCaught++;
    }
    expect(honestPaused / trials).toBeLessThan(0.005);
    expect(spammersCaught / trials).toBeGreaterThan(0.97);
  });
});

describe('daily payout cap', () => {
  it('starts new workers at 2,000 sats and rises with trust to 100,000 sats', () => {
    expect(computeDailyCapMsats(0.99, 5)).toBe(NEW_WORKER_CAP_MSATS);
    expect(computeDailyCapMsats(0.4, 500)).toBe(NEW_WORKER_CAP_MSATS);
    expect(computeDailyCapMsats(0.95, 500)).toBe(MAX_CAP_MSATS);
    const mid = computeDailyCapMsats(0.7, 500);
    expect(mid > NEW_WORKER_CAP_MSATS && mid < MAX_CAP_MSATS).toBe(true);
    expect(mid % 1000n).toBe(0n);
  });
});
