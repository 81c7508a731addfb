import { describe, expect, it } from 'vitest';
import { isGoldCorrect, parseAnswer, parseGoldAnswer, parseTypeConfig } from '../index';
import { issuesOf } from '../test-helpers';

const labels = ['made-up facts', 'unsafe advice', 'rude tone', 'too long'];
const config = { labels, minSelected: 1, maxSelected: 2 };
const payload = { text: 'Just read the manual.', title: 'Chatbot answer' };
const answer = (value: unknown, cfg: unknown = config) => parseAnswer('MULTI_LABEL', cfg, payload, value);

describe('MULTI_LABEL config', () => {
  it('applies defaults', () => {
    expect(parseTypeConfig('MULTI_LABEL', { labels: ['a', 'b'] })).toEqual({
      labels: ['a', 'b'],
      minSelected: 0,
      allowFlag: false,
    });
  });

  it('checks the bounds', () => {
    const wrongBounds = { labels: ['a', 'b'], minSelected: -1, maxSelected: 1.5 };
    expect(issuesOf(() => parseTypeConfig('MULTI_LABEL', wrongBounds))).toEqual([
      { path: 'minSelected', message: 'must be at least 0' },
      { path: 'maxSelected', message: 'must be a whole number, not the number 1.5' },
    ]);
    expect(issuesOf(() => parseTypeConfig('MULTI_LABEL', { labels: ['a', 'b'], minSelected: 3 }))).toEqual([
      { path: 'minSelected', message: 'cannot be more than the number of labels (2)' },
    ]);
    const crossed = { labels: ['a', 'b'], minSelected: 2, maxSelected: 1 };
    expect(issuesOf(() => parseTypeConfig('MULTI_LABEL', crossed))).toEqual([
      { path: 'maxSelected', message: 'cannot be less than minSelected (2)' },
    ]);
    expect(issuesOf(() => parseTypeConfig('MULTI_LABEL', { labels: ['a', 'b', 'a'] }))).toEqual([
      { path: 'labels.2', message: 'label "a" is listed twice' },
    ]);
  });
});

describe('MULTI_LABEL answer', () => {
  it('accepts unique known labels within min..max, trimmed', () => {
    expect(answer({ labels: [' rude tone', 'too long'] })).toEqual({ labels: ['rude tone', 'too long'] });
    expect(answer({ labels: [] }, { labels })).toEqual({ labels: [] });
  });

  it('rejects unknown and repeated labels', () => {
    expect(issuesOf(() => answer({ labels: ['rude tone', 'boring'] }))).toEqual([
      { path: 'labels.1', message: 'label "boring" is not one of: made-up facts, unsafe advice, rude tone, too long' },
    ]);
    expect(issuesOf(() => answer({ labels: ['rude tone', 'rude tone '] }))).toEqual([
      { path: 'labels.1', message: 'label "rude tone" is listed twice' },
    ]);
  });

  it('enforces minSelected and maxSelected', () => {
    expect(issuesOf(() => answer({ labels: [] }))).toEqual([{ path: 'labels', message: 'select at least 1 label' }]);
    expect(issuesOf(() => answer({ labels: ['rude tone', 'too long', 'unsafe advice'] }))).toEqual([
      { path: 'labels', message: 'select at most 2 labels' },
    ]);
  });

  it('lets a flagged answer select fewer than the minimum, only when flags are allowed', () => {
    const flagged = { labels: [], flag: 'broken' };
    expect(answer(flagged, { ...config, allowFlag: true })).toEqual(flagged);
    expect(issuesOf(() => answer({ labels: [], flag: 'broken' }))).toEqual([
      { path: 'flag', message: 'flagging items is not allowed in this project' },
      { path: 'labels', message: 'select at least 1 label' },
    ]);
  });

  it('rejects unknown fields and a missing list', () => {
    expect(issuesOf(() => answer({ labels: ['rude tone'], label: 'x' }))).toEqual([
      { path: 'label', message: 'unknown field "label"' },
    ]);
    expect(issuesOf(() => answer({}))).toEqual([{ path: 'labels', message: 'is required' }]);
    expect(issuesOf(() => answer({ labels: 'rude tone' }))).toEqual([
      { path: 'labels', message: 'must be a list, not text' },
    ]);
  });
});

describe('MULTI_LABEL gold', () => {
  it('must be a valid selection', () => {
    expect(parseGoldAnswer('MULTI_LABEL', config, payload, { labels: ['too long'] })).toEqual({ labels: ['too long'] });
    expect(issuesOf(() => parseGoldAnswer('MULTI_LABEL', config, payload, { labels: [] }))).toEqual([
      { path: 'labels', message: 'select at least 1 label' },
    ]);
  });

  it('is correct for the same set, in any order', () => {
    const gold = { labels: ['rude tone', 'too long'] };
    expect(isGoldCorrect('MULTI_LABEL', config, payload, { labels: ['too long', 'rude tone'] }, gold)).toBe(true);
    expect(isGoldCorrect('MULTI_LABEL', config, payload, { labels: ['too long'] }, gold)).toBe(false);
    expect(isGoldCorrect('MULTI_LABEL', config, payload, { labels: ['too long', 'unsafe advice'] }, gold)).toBe(false);
    expect(isGoldCorrect('MULTI_LABEL', { labels }, payload, { labels: [] }, { labels: [] })).toBe(true);
  });
});
