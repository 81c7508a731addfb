import { describe, expect, it } from 'vitest';
import { kendallTau, labelDistance, nearestLabelDistance, mergedOrderOf, rankingAgreement, treeAnswerAgrees } from './agreement';
import { addReviewToLabels, removeReviewFromLabels } from './lifecycle';

const review = (spam: boolean, quality?: number) => ({ spam, labels: quality === undefined ? {} : { quality }, redFlag: false });

describe('tree answer agreement', () => {
  it('Kendall tau is 1 for the same order, -1 reversed, in between otherwise', () => {
    expect(kendallTau(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
    expect(kendallTau(['a', 'b', 'c'], ['c', 'b', 'a'])).toBe(-1);
    expect(kendallTau(['a', 'b', 'c'], ['b', 'a', 'c'])).toBeCloseTo(1 / 3);
    expect(kendallTau(['a'], ['a'])).toBe(0);
  });

  it('merges the others by Borda count, ties in id order', () => {
    expect(mergedOrderOf(['c', 'b', 'a'], [['b', 'a', 'c'], ['b', 'c', 'a']])).toEqual(['b', 'a', 'c']);
    expect(mergedOrderOf(['b', 'a'], [['a', 'b'], ['b', 'a']])).toEqual(['a', 'b']);
  });

  it('a review agrees on the spam majority of the others (a tie counts) and labels near their mean', () => {
    expect(treeAnswerAgrees(review(false, 0.75), [review(false, 0.75), review(false, 1)])).toBe(true);
    expect(treeAnswerAgrees(review(true), [review(false), review(false)])).toBe(false);
    expect(treeAnswerAgrees(review(true), [review(true), review(false)])).toBe(true);
    // Right verdict, labels far from every other reviewer's.
    expect(treeAnswerAgrees(review(false, 0), [review(false, 1), review(false, 0.75)])).toBe(false);
    // One careless reviewer among the others does not fail a careful one.
    expect(treeAnswerAgrees(review(false, 0.8), [review(true, 0), review(false, 0.8)])).toBe(true);
    expect(labelDistance({ quality: 0.5, toxicity: 0 }, { quality: 1, toxicity: 0.5 })).toBeCloseTo(0.5);
    expect(nearestLabelDistance({ quality: 0.5 }, [{ quality: 1 }, { quality: 0.6 }, { helpfulness: 0.5 }])).toBeCloseTo(0.1);
    expect(nearestLabelDistance({ quality: 0.5 }, [{ helpfulness: 0.5 }])).toBeNull();
  });

  it('a ranking agrees when its tau with the others merged order is above 0', () => {
    const others = [['a', 'b', 'c'], ['a', 'c', 'b']];
    expect(rankingAgreement(['a', 'b', 'c'], others)).toBe(1);
    const answers = others.map((order) => ({ order }));
    expect(treeAnswerAgrees({ order: ['a', 'b', 'c'] }, answers)).toBe(true);
    expect(treeAnswerAgrees({ order: ['c', 'b', 'a'] }, answers)).toBe(false);
    // Rankings of another group (a round before a reply was pruned) do not compare.
    expect(treeAnswerAgrees({ order: ['a', 'b'] }, answers)).toBeNull();
  });

  it('says nothing about written texts or without other answers', () => {
    expect(treeAnswerAgrees({ text: 'hello' }, [{ text: 'hello' }])).toBeNull();
    expect(treeAnswerAgrees(review(false), [])).toBeNull();
    expect(treeAnswerAgrees(review(false), [{ text: 'x' }])).toBeNull();
  });
});

describe('removeReviewFromLabels', () => {
  it('undoes addReviewToLabels', () => {
    const first = { spam: false, labels: { quality: 0.25 }, redFlag: false };
    const second = { spam: true, labels: { quality: 1, toxicity: 0.5 }, redFlag: false };
    const both = addReviewToLabels(addReviewToLabels(null, first), second);
    expect(removeReviewFromLabels(both, second)).toEqual(addReviewToLabels(null, first));
    expect(removeReviewFromLabels(addReviewToLabels(null, first), first)).toEqual({});
  });
});
