import { describe, expect, it } from 'vitest';
import { buildTreeReviewAnswer, toTreeRankAnswer } from './answers';

const a = '00000000-0000-7000-8000-00000000000a';
const b = '00000000-0000-7000-8000-00000000000b';
const c = '00000000-0000-7000-8000-00000000000c';

describe('toTreeRankAnswer', () => {
  it('maps shown positions to ids, best first', () => {
    expect(toTreeRankAnswer({ ranking: [[2], [0], [1]] }, [a, b, c])).toEqual({ order: [c, a, b] });
  });

  it('refuses ties, partial rankings, "can’t rank" and bad positions', () => {
    expect(toTreeRankAnswer({ ranking: [[0, 1], [2]] }, [a, b, c])).toBeNull();
    expect(toTreeRankAnswer({ ranking: [[0], [1]] }, [a, b, c])).toBeNull();
    expect(toTreeRankAnswer({ ranking: [], notRankable: true }, [a, b])).toBeNull();
    expect(toTreeRankAnswer({ ranking: [[0], [0]] }, [a, b])).toBeNull();
    expect(toTreeRankAnswer({ ranking: [[0], [5]] }, [a, b])).toBeNull();
  });
});

describe('buildTreeReviewAnswer', () => {
  it('needs spam answered and every label scored', () => {
    expect(buildTreeReviewAnswer({ spam: null, scores: { quality: 1 }, redFlag: false }, ['quality'])).toBeNull();
    expect(buildTreeReviewAnswer({ spam: false, scores: {}, redFlag: false }, ['quality'])).toBeNull();
    expect(buildTreeReviewAnswer({ spam: false, scores: { quality: 0.75, extra: 1 }, redFlag: true }, ['quality'])).toEqual({
      spam: false,
      labels: { quality: 0.75 },
      redFlag: true,
    });
    expect(buildTreeReviewAnswer({ spam: true, scores: {}, redFlag: false }, [])).toEqual({ spam: true, labels: {}, redFlag: false });
  });
});
