import { describe, expect, it } from 'vitest';
import { answerRationale, describeAnswer } from './describe-answer';

describe('describeAnswer', () => {
  it('puts an answer in the words a reviewer or worker reads, not its raw codes', () => {
    expect(describeAnswer('PAIRWISE', { choice: 'A', strength: 'much' })).toBe('Response A (much better)');
    expect(describeAnswer('PAIRWISE', { choice: 'both_bad' })).toBe('Both bad');
    expect(describeAnswer('PAIRWISE', { choice: 'tie' })).toBe('Tie');
    expect(describeAnswer('RANKING', { ranking: [[1], [0, 2]] })).toBe('B > A = C');
    expect(describeAnswer('RATING', { scores: { helpfulness: 4, accuracy: 5 } })).toBe('helpfulness: 4, accuracy: 5');
    expect(describeAnswer('MULTI_LABEL', { labels: ['toxic', 'spam'] })).toBe('toxic, spam');
  });

  it('finds the written reason an answer carries', () => {
    expect(answerRationale({ choice: 'A', rationale: 'B invents a source.' })).toBe('B invents a source.');
    expect(answerRationale({ choice: 'A', rationale: '  ' })).toBeNull();
    expect(answerRationale(null)).toBeNull();
  });
});
