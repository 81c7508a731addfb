import { describe, expect, it } from 'vitest';
import {
  answerPosition,
  isGoldCorrect,
  parseAnswer,
  parseGoldAnswer,
  parsePayload,
  parseTypeConfig,
  toCanonicalAnswer,
  toShownPayload,
} from '../index';
import { issuesOf, permutationsOf } from '../test-helpers';

const payload = {
  prompt: 'Which reply best answers "how do I boil an egg"?',
  responses: ['Boil it for 9 minutes, then cool it in cold water.', 'Put it in water.', 'Eggs are laid by hens.'],
};
const ties = { allowTies: true };
const answer = (value: unknown, config: unknown = {}) => parseAnswer('RANKING', config, payload, value);

describe('RANKING config and payload', () => {
  it('defaults to no ties and rejects unknown settings', () => {
    expect(parseTypeConfig('RANKING', {})).toEqual({ allowTies: false });
    expect(issuesOf(() => parseTypeConfig('RANKING', { allowTie: true }))).toEqual([
      { path: 'allowTie', message: 'unknown field "allowTie"' },
    ]);
  });

  it('needs 2..9 responses and a prompt or conversation', () => {
    const responses = (count: number) => Array.from({ length: count }, (_, index) => `reply ${index}`);
    expect(parsePayload('RANKING', { prompt: 'p', responses: responses(9) }).responses).toHaveLength(9);
    expect(issuesOf(() => parsePayload('RANKING', { prompt: 'p', responses: responses(10) }))).toEqual([
      { path: 'responses', message: 'must have at most 9 items (it has 10)' },
    ]);
    expect(issuesOf(() => parsePayload('RANKING', { responses: responses(1) }))).toEqual([
      { path: 'responses', message: 'must have at least 2 items' },
      { path: 'prompt', message: 'a prompt or a conversation is required' },
    ]);
  });
});

describe('RANKING answer', () => {
  it('accepts a best-first partition of the responses', () => {
    expect(answer({ ranking: [[2], [0], [1]] })).toEqual({ ranking: [[2], [0], [1]] });
  });

  it('accepts tie groups only when ties are allowed, stored in ascending order', () => {
    expect(answer({ ranking: [[2, 0], [1]] }, ties)).toEqual({ ranking: [[0, 2], [1]] });
    expect(issuesOf(() => answer({ ranking: [[2, 0], [1]] }))).toEqual([
      { path: 'ranking.0', message: 'ties are not allowed in this project: one response per place' },
    ]);
  });

  it('reports missing, repeated, unknown and non-integer indices and empty groups', () => {
    expect(issuesOf(() => answer({ ranking: [[0], [1]] }))).toEqual([
      { path: 'ranking', message: 'response 2 is missing from the ranking' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[0]] }))).toEqual([
      { path: 'ranking', message: 'responses 1, 2 are missing from the ranking' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[0], [1], [0], [2]] }))).toEqual([
      { path: 'ranking.2.0', message: 'response 0 is ranked more than once' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[0], [1], [3]] }))).toEqual([
      { path: 'ranking.2.0', message: 'there is no response 3 (the 3 responses are numbered 0 to 2)' },
      { path: 'ranking', message: 'response 2 is missing from the ranking' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[0], [], [1], [2]] }, ties))).toEqual([
      { path: 'ranking.1', message: 'a place in the ranking cannot be empty' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[0], [1.5], [2]] }))).toEqual([
      { path: 'ranking.1.0', message: 'must be a whole number, not the number 1.5' },
    ]);
    expect(issuesOf(() => answer({ ranking: [0, 1, 2] }))).toEqual([
      { path: 'ranking.0', message: 'must be a list, not the number 0' },
      { path: 'ranking.1', message: 'must be a list, not the number 1' },
      { path: 'ranking.2', message: 'must be a list, not the number 2' },
    ]);
  });

  it('lets a not-rankable answer leave the ranking empty', () => {
    expect(answer({ ranking: [], notRankable: true })).toEqual({ ranking: [], notRankable: true });
    const ranked = { ranking: [[1], [0], [2]], notRankable: true };
    expect(answer(ranked)).toEqual(ranked);
    expect(issuesOf(() => answer({ ranking: [], notRankable: false }))).toEqual([
      { path: 'ranking', message: 'responses 0, 1, 2 are missing from the ranking' },
    ]);
    expect(issuesOf(() => answer({ ranking: [[1]], notRankable: true }))).toEqual([
      { path: 'ranking', message: 'responses 0, 2 are missing from the ranking' },
    ]);
    expect(issuesOf(() => answer({ ranking: [], unrankable: true }))).toEqual([
      { path: 'unrankable', message: 'unknown field "unrankable"' },
      { path: 'ranking', message: 'responses 0, 1, 2 are missing from the ranking' },
    ]);
  });
});

describe('RANKING gold', () => {
  it('must be a full ranking', () => {
    expect(parseGoldAnswer('RANKING', ties, payload, { ranking: [[1, 0], [2]] })).toEqual({ ranking: [[0, 1], [2]] });
    expect(issuesOf(() => parseGoldAnswer('RANKING', {}, payload, { ranking: [] }))).toEqual([
      { path: 'ranking', message: 'responses 0, 1, 2 are missing from the ranking' },
    ]);
    const gold = { ranking: [[0], [1], [2]], notRankable: false };
    expect(issuesOf(() => parseGoldAnswer('RANKING', {}, payload, gold))).toEqual([
      { path: 'notRankable', message: 'unknown field "notRankable"' },
    ]);
  });

  it('is correct when the order matches group by group, as sets', () => {
    const gold = { ranking: [[0], [1, 2]] };
    expect(isGoldCorrect('RANKING', ties, payload, { ranking: [[0], [2, 1]] }, gold)).toBe(true);
    expect(isGoldCorrect('RANKING', ties, payload, { ranking: [[0], [1], [2]] }, gold)).toBe(false);
    expect(isGoldCorrect('RANKING', ties, payload, { ranking: [[1, 2], [0]] }, gold)).toBe(false);
    expect(isGoldCorrect('RANKING', ties, payload, { ranking: [], notRankable: true }, gold)).toBe(false);
  });
});

describe('RANKING shown order', () => {
  it('maps shown indices through the order inside every group', () => {
    expect(toCanonicalAnswer('RANKING', { ranking: [[1], [0, 2]] }, [2, 0, 1])).toEqual({ ranking: [[0], [1, 2]] });
    const skipped = { ranking: [], notRankable: true };
    expect(toCanonicalAnswer('RANKING', skipped, [2, 0, 1])).toEqual(skipped);
    // Indices out of range are left alone, so parseAnswer still rejects them.
    expect(toCanonicalAnswer('RANKING', { ranking: [[7], [0]] }, [1, 0])).toEqual({ ranking: [[7], [1]] });
  });

  // A worker scores each text (higher = better; equal = tied) and answers whatever order it is shown in.
  const rankAs = (responses: string[], scoreOf: Map<string, number>, allowTies: boolean) => {
    const score = (index: number) => scoreOf.get(responses[index]) ?? 0;
    const byScore = [...responses.keys()].sort((a, b) => score(b) - score(a) || a - b);
    const groups: number[][] = [];
    byScore.forEach((index, at) => {
      const previous = byScore[at - 1];
      const last = groups.at(-1);
      if (allowTies && last && score(previous) === score(index)) last.push(index);
      else groups.push([index]);
    });
    return { ranking: groups };
  };
  const scoringsOf = (count: number) => [
    ...permutationsOf(count), // every strict preference
    Array.from({ length: count }, () => 1), // all tied
    Array.from({ length: count }, (_, index) => (index === 0 ? 2 : 1)), // one best, the rest tied
    Array.from({ length: count }, (_, index) => (index === count - 1 ? 0 : 1)), // one worst
  ];

  for (const count of [2, 3]) {
    const item = { prompt: 'Rank these.', responses: payload.responses.slice(0, count) };
    const orders = permutationsOf(count).map((order) => ({ order }));
    it.each(orders)(`round-trips every ${count}-response ranking for $order`, ({ order }) => {
      for (const allowTies of [false, true]) {
        // Without ties the worker must have a strict preference (equal scores would be broken by position).
        for (const scores of scoringsOf(count).filter((list) => allowTies || new Set(list).size === count)) {
          const scoreOf = new Map(item.responses.map((text, index) => [text, scores[index]]));
          const config = { allowTies };
          const shownAnswer = rankAs(toShownPayload('RANKING', item, order).responses, scoreOf, allowTies);
          const direct = parseAnswer('RANKING', config, item, rankAs(item.responses, scoreOf, allowTies));
          const canonical = toCanonicalAnswer('RANKING', shownAnswer, order);
          expect(parseAnswer('RANKING', config, item, canonical)).toEqual(direct);
          // The shown position ranked first is where the best canonical response was shown.
          const best = direct.ranking[0].map((index: number) => order.indexOf(index)).sort();
          expect(answerPosition('RANKING', shownAnswer)).toBe(best.join(','));
        }
      }
    });
  }
});
