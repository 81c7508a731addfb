import { describe, expect, it } from 'vitest';
import { getAnswerKey, getMaxSameShare, getShownPosition, invertPermutation } from './answers';
import { defaultQualityRules, parseQualityRules, qualityRulesSchema } from './rules';

describe('quality rules', () => {
  it('fills every field from {} with the documented defaults', () => {
    expect(defaultQualityRules).toEqual({
      goldWindow: 20,
      minGoldAccuracy: 0.7,
      minGoldSeen: 5,
      goldWrong: 'review',
      consensusMinJudgments: 3,
      minConsensusAgreement: 0.5,
      consensusWindow: 20,
      tooFast: 'review',
      straightLining: { window: 20, maxSameShare: 0.9 },
      maxSkipRate: 0.5,
      skipWindow: 20,
      trustPauseBelow: 0.35,
      autoPause: true,
    });
    expect(parseQualityRules(null)).toEqual(defaultQualityRules);
  });

  it('keeps valid settings and refuses bad ones in the schema', () => {
    expect(parseQualityRules({ tooFast: 'reject', straightLining: { window: 10 } })).toMatchObject({
      tooFast: 'reject',
      straightLining: { window: 10, maxSameShare: 0.9 },
      goldWindow: 20,
    });
    expect(qualityRulesSchema.safeParse({ minGoldAccuracy: 1.5 }).success).toBe(false);
    expect(qualityRulesSchema.safeParse({ tooFast: 'ignore' }).success).toBe(false);
  });

  it('falls back field by field when stored rules do not parse', () => {
    const rules = parseQualityRules({ tooFast: 'ignore', goldWindow: 50, minGoldAccuracy: 'high' });
    expect(rules).toMatchObject({ tooFast: 'review', goldWindow: 50, minGoldAccuracy: 0.7 });
    expect(parseQualityRules('garbage')).toEqual(defaultQualityRules);
  });
});

describe('answer keys and positions', () => {
  it('compares the part of an answer workers agree on', () => {
    expect(getAnswerKey('CLASSIFICATION', { label: 'cat' })).toBe('cat');
    expect(getAnswerKey('CLASSIFICATION', { label: null, unsure: true })).toBeNull();
    expect(getAnswerKey('PAIRWISE', { choice: 'B', strength: 2 })).toBe('B');
    expect(getAnswerKey('MULTI_LABEL', { labels: ['b', 'a'] })).toBe(getAnswerKey('MULTI_LABEL', { labels: ['a', 'b'] }));
    expect(getAnswerKey('WRITING', { text: 'hi' })).toBeNull();
  });

  it('turns a stored canonical answer back into the shown position', () => {
    // Shown order [1, 0]: the worker saw canonical B first, so canonical 'B' was the first shown response.
    expect(getShownPosition('PAIRWISE', { choice: 'B' }, [1, 0])).toBe('first');
    expect(getShownPosition('PAIRWISE', { choice: 'B' }, [0, 1])).toBe('second');
    expect(getShownPosition('PAIRWISE', { choice: 'tie' }, [1, 0])).toBe('tie');
    expect(getShownPosition('CLASSIFICATION', { label: 'dog' }, null)).toBe('dog');
    // RANKING over 3 responses shown as [2, 0, 1]: canonical 2 ranked first was shown first (index 0).
    expect(getShownPosition('RANKING', { ranking: [[2], [0], [1]] }, [2, 0, 1])).toBe('0');
    expect(invertPermutation([2, 0, 1])).toEqual([1, 2, 0]);
  });

  it('measures straight-lining as the largest share of one value', () => {
    expect(getMaxSameShare([])).toBe(0);
    expect(getMaxSameShare(['A', 'A', 'B', null])).toBeCloseTo(2 / 3);
    expect(getMaxSameShare(['A', 'A', 'A'])).toBe(1);
  });
});
