import { describe, expect, it } from 'vitest';
import {
  buildClassificationAnswer,
  buildMultiLabelAnswer,
  buildPairwiseAnswer,
  buildRatingAnswer,
  buildWritingAnswer,
  emptyPairwiseDraft,
  measureWriting,
  needsPairwiseDetails,
  nextCriterion,
  pairwiseChoices,
  toggleLabel,
} from './answers';

describe('classification answers', () => {
  const config = { labels: ['positive', 'negative'], allowUnsure: true, allowFlag: true };
  it('needs a label unless unsure or flagged', () => {
    expect(buildClassificationAnswer(config, { label: null, unsure: false, flag: null })).toBeNull();
    expect(buildClassificationAnswer(config, { label: 'positive', unsure: false, flag: null })).toEqual({ label: 'positive' });
    expect(buildClassificationAnswer(config, { label: null, unsure: true, flag: null })).toEqual({ label: null, unsure: true });
    expect(buildClassificationAnswer(config, { label: 'negative', unsure: false, flag: 'unsafe' })).toEqual({ label: 'negative', flag: 'unsafe' });
    expect(buildClassificationAnswer(config, { label: 'other', unsure: false, flag: null })).toBeNull();
  });
  it('ignores unsure/flag when the project does not allow them', () => {
    const strict = { labels: ['a', 'b'] };
    expect(buildClassificationAnswer(strict, { label: null, unsure: true, flag: 'broken' })).toBeNull();
    expect(buildClassificationAnswer(strict, { label: 'a', unsure: true, flag: 'broken' })).toEqual({ label: 'a' });
  });
});

describe('multi-label answers', () => {
  const config = { labels: ['x', 'y', 'z'], minSelected: 1, maxSelected: 2, allowFlag: true };
  it('respects min/max and keeps the config order', () => {
    expect(buildMultiLabelAnswer(config, [], null)).toBeNull();
    expect(buildMultiLabelAnswer(config, ['z', 'x'], null)).toEqual({ labels: ['x', 'z'] });
    expect(buildMultiLabelAnswer(config, ['x', 'y', 'z'], null)).toBeNull();
  });
  it('lets a flagged item go below the minimum', () => {
    expect(buildMultiLabelAnswer(config, [], 'broken')).toEqual({ labels: [], flag: 'broken' });
    expect(buildMultiLabelAnswer({ ...config, allowFlag: false }, [], 'broken')).toBeNull();
  });
  it('allows none by default', () => {
    expect(buildMultiLabelAnswer({ labels: ['x', 'y'] }, [], null)).toEqual({ labels: [] });
  });
  it('toggles without going over the maximum', () => {
    expect(toggleLabel(['x'], 'y', 2)).toEqual(['x', 'y']);
    expect(toggleLabel(['x', 'y'], 'z', 2)).toEqual(['x', 'y']);
    expect(toggleLabel(['x', 'y'], 'x', 2)).toEqual(['y']);
  });
});

describe('pairwise answers', () => {
  it('offers tie and both bad by default (contract defaults)', () => {
    expect(pairwiseChoices({})).toEqual(['A', 'B', 'tie', 'both_bad']);
    expect(pairwiseChoices({ allowTie: false, allowBothBad: false })).toEqual(['A', 'B']);
  });
  it('submits in one tap when nothing else is asked', () => {
    expect(needsPairwiseDetails({}, 'A')).toBe(false);
    expect(buildPairwiseAnswer({}, { ...emptyPairwiseDraft, choice: 'both_bad' })).toEqual({ choice: 'both_bad' });
  });
  it('asks strength only for A/B', () => {
    const config = { askStrength: true };
    expect(needsPairwiseDetails(config, 'A')).toBe(true);
    expect(needsPairwiseDetails(config, 'tie')).toBe(false);
    expect(buildPairwiseAnswer(config, { ...emptyPairwiseDraft, choice: 'B' })).toBeNull();
    expect(buildPairwiseAnswer(config, { ...emptyPairwiseDraft, choice: 'B', strength: 'much' })).toEqual({ choice: 'B', strength: 'much' });
    expect(buildPairwiseAnswer(config, { ...emptyPairwiseDraft, choice: 'tie', strength: 'much' })).toEqual({ choice: 'tie' });
  });
  it('needs every criterion and exactly those keys', () => {
    const config = { criteria: ['accuracy', 'tone'] };
    const draft = { ...emptyPairwiseDraft, choice: 'A' as const, criteria: { accuracy: 'A' as const } };
    expect(buildPairwiseAnswer(config, draft)).toBeNull();
    expect(buildPairwiseAnswer(config, { ...draft, criteria: { accuracy: 'A', tone: 'tie', stale: 'B' } })).toEqual({
      choice: 'A',
      criteria: { accuracy: 'A', tone: 'tie' },
    });
  });
  it('checks the rationale', () => {
    const required = { rationale: 'required' as const };
    const draft = { ...emptyPairwiseDraft, choice: 'A' as const };
    expect(buildPairwiseAnswer(required, { ...draft, rationale: '   too short ' .slice(0, 8) })).toBeNull();
    expect(buildPairwiseAnswer(required, { ...draft, rationale: '  B invents a date.  ' })).toEqual({ choice: 'A', rationale: 'B invents a date.' });
    expect(buildPairwiseAnswer({ rationale: 'optional' }, { ...draft, rationale: '  ' })).toEqual({ choice: 'A' });
    expect(buildPairwiseAnswer({ rationale: 'optional' }, { ...draft, rationale: 'x'.repeat(2001) })).toBeNull();
    expect(buildPairwiseAnswer({ rationale: 'off' }, { ...draft, rationale: 'ignored' })).toEqual({ choice: 'A' });
  });
  it('rejects choices the project does not offer', () => {
    expect(buildPairwiseAnswer({ allowTie: false }, { ...emptyPairwiseDraft, choice: 'tie' })).toBeNull();
  });
});

describe('rating answers', () => {
  it('needs every criterion within the scale', () => {
    expect(buildRatingAnswer({}, { overall: 4 })).toEqual({ scores: { overall: 4 } });
    expect(buildRatingAnswer({ scale: 5 }, { overall: 6 })).toBeNull();
    expect(buildRatingAnswer({ scale: 7, criteria: ['a', 'b'] }, { a: 7 })).toBeNull();
    expect(buildRatingAnswer({ scale: 7, criteria: ['a', 'b'] }, { a: 7, b: 1, c: 3 })).toEqual({ scores: { a: 7, b: 1 } });
  });
  it('moves the keyboard focus to the next unscored criterion', () => {
    expect(nextCriterion(['a', 'b', 'c'], { a: 1 }, 0)).toBe(1);
    expect(nextCriterion(['a', 'b', 'c'], { a: 1, b: 2 }, 1)).toBe(2);
    expect(nextCriterion(['a', 'b', 'c'], { b: 1, c: 2 }, 2)).toBe(0);
    expect(nextCriterion(['a', 'b'], { a: 1, b: 2 }, 1)).toBe(1);
  });
});

describe('writing answers', () => {
  it('counts the trimmed text against min/max', () => {
    const config = { minLength: 5, maxLength: 10 };
    expect(measureWriting(config, '  abc  ')).toEqual({ length: 3, min: 5, max: 10, state: 'short' });
    expect(buildWritingAnswer(config, '  hello  ')).toEqual({ text: 'hello' });
    expect(buildWritingAnswer(config, 'x'.repeat(11))).toBeNull();
    expect(measureWriting({}, '')).toMatchObject({ min: 20, max: 4000 });
  });
});
