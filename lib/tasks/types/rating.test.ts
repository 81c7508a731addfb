import { describe, expect, it } from 'vitest';
import { isGoldCorrect, parseAnswer, parseGoldAnswer, parsePayload, parseTypeConfig, toShownPayload } from '../index';
import { issuesOf } from '../test-helpers';

const config = { scale: 7, criteria: ['helpfulness', 'honesty'], lowLabel: 'Useless', highLabel: 'Excellent' };
const payload = {
  prompt: 'Is it safe to eat raw cookie dough?',
  response: 'Not really: raw flour and eggs can carry bacteria.',
};
const answer = (value: unknown, cfg: unknown = config) => parseAnswer('RATING', cfg, payload, value);

describe('RATING config and payload', () => {
  it('defaults to a 5-point overall score', () => {
    expect(parseTypeConfig('RATING', {})).toEqual({ scale: 5, criteria: ['overall'] });
    expect(parseTypeConfig('RATING', config)).toEqual(config);
  });

  it('accepts only 5- or 7-point scales and 1..10 criteria', () => {
    expect(issuesOf(() => parseTypeConfig('RATING', { scale: 10, criteria: [] }))).toEqual([
      { path: 'scale', message: 'must be one of: 5, 7' },
      { path: 'criteria', message: 'must have at least 1 item' },
    ]);
    const eleven = Array.from({ length: 11 }, (_, index) => `criterion ${index}`);
    expect(issuesOf(() => parseTypeConfig('RATING', { criteria: eleven }))).toEqual([
      { path: 'criteria', message: 'must have at most 10 items (it has 11)' },
    ]);
  });

  it('needs a response and a prompt or conversation', () => {
    expect(issuesOf(() => parsePayload('RATING', { prompt: 'Hi' }))).toEqual([
      { path: 'response', message: 'is required' },
    ]);
    expect(toShownPayload('RATING', { ...payload, raterNotes: 'x' }, null)).toEqual(payload);
  });
});

describe('RATING answer', () => {
  it('needs a whole-number score in 1..scale for every criterion', () => {
    expect(answer({ scores: { helpfulness: 7, honesty: 1 } })).toEqual({ scores: { helpfulness: 7, honesty: 1 } });
    expect(issuesOf(() => answer({ scores: { helpfulness: 8, honesty: 0 } }))).toEqual([
      { path: 'scores.helpfulness', message: 'must be a whole number from 1 to 7' },
      { path: 'scores.honesty', message: 'must be a whole number from 1 to 7' },
    ]);
    expect(issuesOf(() => answer({ scores: { overall: 6 } }, {}))).toEqual([
      { path: 'scores.overall', message: 'must be a whole number from 1 to 5' },
    ]);
    expect(issuesOf(() => answer({ scores: { helpfulness: 2.5, honesty: '3' } }))).toEqual([
      { path: 'scores.honesty', message: 'must be a number, not text' },
    ]);
  });

  it('reports missing and unknown criteria', () => {
    expect(issuesOf(() => answer({ scores: { helpfulness: 4, tone: 3 } }))).toEqual([
      { path: 'scores.honesty', message: 'a score for "honesty" is required' },
      { path: 'scores.tone', message: '"tone" is not one of the criteria: helpfulness, honesty' },
    ]);
    expect(issuesOf(() => answer({ scores: { helpfulness: 4, honesty: 4 }, comment: 'ok' }))).toEqual([
      { path: 'comment', message: 'unknown field "comment"' },
    ]);
  });
});

describe('RATING gold', () => {
  it('is a valid score per criterion', () => {
    expect(parseGoldAnswer('RATING', config, payload, { scores: { helpfulness: 6, honesty: 7 } })).toEqual({
      scores: { helpfulness: 6, honesty: 7 },
    });
    expect(issuesOf(() => parseGoldAnswer('RATING', config, payload, { scores: { helpfulness: 6 } }))).toEqual([
      { path: 'scores.honesty', message: 'a score for "honesty" is required' },
    ]);
  });

  it('is correct when every criterion is within 1 point', () => {
    const gold = { scores: { helpfulness: 6, honesty: 3 } };
    expect(isGoldCorrect('RATING', config, payload, { scores: { helpfulness: 6, honesty: 3 } }, gold)).toBe(true);
    expect(isGoldCorrect('RATING', config, payload, { scores: { helpfulness: 7, honesty: 2 } }, gold)).toBe(true);
    expect(isGoldCorrect('RATING', config, payload, { scores: { helpfulness: 5, honesty: 4 } }, gold)).toBe(true);
    expect(isGoldCorrect('RATING', config, payload, { scores: { helpfulness: 4, honesty: 3 } }, gold)).toBe(false);
    expect(isGoldCorrect('RATING', config, payload, { scores: { helpfulness: 6, honesty: 5 } }, gold)).toBe(false);
  });
});
