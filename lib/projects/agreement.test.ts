import { describe, expect, it } from 'vitest';
import { computeAgreement } from './agreement';

describe('project agreement', () => {
  it('scores classification labels and leaves unsure answers out', () => {
    const result = computeAgreement('CLASSIFICATION', { labels: ['a', 'b'] }, [
      { itemId: '1', answer: { label: 'a' } },
      { itemId: '1', answer: { label: 'a' } },
      { itemId: '2', answer: { label: 'b' } },
      { itemId: '2', answer: { label: 'b' } },
      { itemId: '3', answer: { label: null, unsure: true } },
      { itemId: '3', answer: { label: 'a' } },
    ]);
    expect(result).toEqual({ method: 'label', alpha: 1, percent: 1, units: 2 });
  });

  it('uses the first rating criterion, ordinal', () => {
    const result = computeAgreement('RATING', { scale: 5, criteria: ['overall', 'tone'] }, [
      { itemId: '1', answer: { scores: { overall: 5, tone: 1 } } },
      { itemId: '1', answer: { scores: { overall: 4, tone: 5 } } },
      { itemId: '2', answer: { scores: { overall: 1, tone: 1 } } },
      { itemId: '2', answer: { scores: { overall: 1, tone: 5 } } },
    ]);
    expect(result.method).toBe('first-criterion');
    expect(result.percent).toBe(0.5);
    expect(result.alpha).toBeGreaterThan(0.5);
  });

  it('compares rankings pair by pair', () => {
    const result = computeAgreement('RANKING', {}, [
      { itemId: '1', answer: { ranking: [[0], [1], [2]] } },
      { itemId: '1', answer: { ranking: [[0], [2], [1]] } },
    ]);
    expect(result.units).toBe(3);
    expect(result.percent).toBeCloseTo(2 / 3);
  });

  it('has no agreement for writing and none without overlap', () => {
    expect(computeAgreement('WRITING', {}, [{ itemId: '1', answer: { text: 'x' } }]).method).toBe('none');
    expect(computeAgreement('PAIRWISE', {}, [{ itemId: '1', answer: { choice: 'A' } }])).toEqual({ method: 'choice', alpha: null, percent: null, units: 0 });
  });
});
