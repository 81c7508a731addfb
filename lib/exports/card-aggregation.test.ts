import { describe, expect, it } from 'vitest';
import { summarizePositionBias } from '@/lib/quality/position-bias';
import { describeAggregationAndBias } from './card-aggregation';

describe('card: aggregation and position bias', () => {
  it('names the method and the tie seed for categorical tasks', () => {
    const text = describeAggregationAndBias({ taskType: 'CLASSIFICATION', aggregation: { method: 'mace', tieSeed: 's1' } }).join('\n');
    expect(text).toContain('MACE (Hovy et al. 2013), one model fitted on the whole exported project');
    expect(text).toContain('seed "s1"');
    expect(describeAggregationAndBias({ taskType: 'PAIRWISE' })).toEqual([]);
  });

  it('gives the first-shown win rate with its interval and the biased workers', () => {
    const positionBias = summarizePositionBias([
      { workerId: 'aaaa', k: 2, decisive: 40, firstWins: 38 },
      { workerId: 'bbbb', k: 2, decisive: 40, firstWins: 20 },
    ]);
    const text = describeAggregationAndBias({ taskType: 'PAIRWISE', positionBias }).join('\n');
    expect(text).toContain('## Position bias');
    expect(text).toContain('The response shown first won 58 of 80 decisive answers: 72.5%');
    expect(text).toContain('against 50.0% with no bias');
    expect(text).toContain('p < 0.01: 1 of 2');
    expect(text).toContain('  - aaaa: 95.0% of 40');
  });
});
