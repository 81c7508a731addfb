import { describe, expect, it } from 'vitest';
import { isGoldCorrect, parseAnswer, parseGoldAnswer, parsePayload, parseTypeConfig } from '../index';
import { issuesOf } from '../test-helpers';

const config = { labels: ['dog', 'bird'] };
const lenient = { labels: ['dog', 'bird'], allowUnsure: true, allowFlag: true };
const payload = { text: 'A small animal that barks at the mail carrier.' };
const answer = (value: unknown, cfg: unknown = config) => parseAnswer('CLASSIFICATION', cfg, payload, value);

describe('CLASSIFICATION config', () => {
  it('applies defaults and trims labels', () => {
    expect(parseTypeConfig('CLASSIFICATION', { labels: [' dog ', 'bird'] })).toEqual({
      labels: ['dog', 'bird'],
      allowUnsure: false,
      allowFlag: false,
    });
  });

  it('needs 2..50 unique labels of 1..100 characters', () => {
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', { labels: ['dog'] }))).toEqual([
      { path: 'labels', message: 'must have at least 2 items' },
    ]);
    const many = Array.from({ length: 51 }, (_, index) => `label ${index}`);
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', { labels: many }))).toEqual([
      { path: 'labels', message: 'must have at most 50 items (it has 51)' },
    ]);
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', { labels: ['dog', 'bird', '  '] }))).toEqual([
      { path: 'labels.2', message: 'must not be empty' },
    ]);
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', { labels: ['dog', ' dog'] }))).toEqual([
      { path: 'labels.1', message: 'label "dog" is listed twice' },
    ]);
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', { labels: ['dog', 'x'.repeat(101)] }))).toEqual([
      { path: 'labels.1', message: 'must be at most 100 characters (it has 101)' },
    ]);
  });

  it('rejects unknown settings and wrong types', () => {
    const typo = { labels: ['a', 'b'], allowUnsur: true, allowFlag: 'yes' };
    expect(issuesOf(() => parseTypeConfig('CLASSIFICATION', typo))).toEqual([
      { path: 'allowFlag', message: 'must be true or false, not text' },
      { path: 'allowUnsur', message: 'unknown field "allowUnsur"' },
    ]);
  });
});

describe('CLASSIFICATION payload', () => {
  it('keeps requester metadata and trims the title', () => {
    expect(parsePayload('CLASSIFICATION', { text: 'Hello', title: '  Review  ', sourceId: 17 })).toEqual({
      text: 'Hello',
      title: 'Review',
      sourceId: 17,
    });
  });

  it('needs a non-empty text of at most 50,000 characters and a title of at most 300', () => {
    expect(issuesOf(() => parsePayload('CLASSIFICATION', { text: '   ' }))).toEqual([
      { path: 'text', message: 'must not be empty' },
    ]);
    const tooLong = { text: 'x'.repeat(50_001), title: 't'.repeat(301) };
    expect(issuesOf(() => parsePayload('CLASSIFICATION', tooLong))).toEqual([
      { path: 'text', message: 'must be at most 50000 characters (it has 50001)' },
      { path: 'title', message: 'must be at most 300 characters (it has 301)' },
    ]);
    expect(parsePayload('CLASSIFICATION', { text: 'x'.repeat(50_000) }).text).toHaveLength(50_000);
  });
});

describe('CLASSIFICATION answer', () => {
  it('accepts a known label, trimmed', () => {
    expect(answer({ label: ' dog ' })).toEqual({ label: 'dog' });
    expect(answer({ label: 'bird', unsure: true }, lenient)).toEqual({ label: 'bird', unsure: true });
  });

  it('rejects a label that is not in the config', () => {
    expect(issuesOf(() => answer({ label: 'cat' }))).toEqual([
      { path: 'label', message: 'label "cat" is not one of: dog, bird' },
    ]);
    expect(issuesOf(() => answer({ label: 'Dog' }))).toEqual([
      { path: 'label', message: 'label "Dog" is not one of: dog, bird' },
    ]);
  });

  it('allows a null label only when unsure or flagged, and only if the project allows it', () => {
    expect(answer({ label: null, unsure: true }, lenient)).toEqual({ label: null, unsure: true });
    expect(answer({ label: null, flag: 'broken' }, lenient)).toEqual({ label: null, flag: 'broken' });
    expect(issuesOf(() => answer({ label: null }, lenient))).toEqual([
      { path: 'label', message: 'a label is required: one of dog, bird' },
    ]);
    expect(issuesOf(() => answer({ label: null, unsure: false }, lenient))).toHaveLength(1);
    expect(issuesOf(() => answer({ label: null, unsure: true }))).toEqual([
      { path: 'unsure', message: '"unsure" is not allowed in this project' },
      { path: 'label', message: 'a label is required: one of dog, bird' },
    ]);
    expect(issuesOf(() => answer({ label: null, flag: 'unsafe' }))).toEqual([
      { path: 'flag', message: 'flagging items is not allowed in this project' },
      { path: 'label', message: 'a label is required: one of dog, bird' },
    ]);
    expect(issuesOf(() => answer({ label: 'dog', flag: 'spam' }, lenient))).toEqual([
      { path: 'flag', message: 'must be one of: broken, unsafe' },
    ]);
  });

  it('requires the label field and rejects unknown fields', () => {
    expect(issuesOf(() => answer({}))).toEqual([{ path: 'label', message: 'is required' }]);
    expect(issuesOf(() => answer({ label: 'dog', confidence: 0.9 }))).toEqual([
      { path: 'confidence', message: 'unknown field "confidence"' },
    ]);
    expect(issuesOf(() => answer('dog'))).toEqual([{ path: '', message: 'must be an object with fields, not text' }]);
  });
});

describe('CLASSIFICATION gold', () => {
  it('must be one of the labels', () => {
    expect(parseGoldAnswer('CLASSIFICATION', config, payload, { label: ' bird' })).toEqual({ label: 'bird' });
    expect(issuesOf(() => parseGoldAnswer('CLASSIFICATION', config, payload, { label: 'cat' }))).toEqual([
      { path: 'label', message: 'label "cat" is not one of: dog, bird' },
    ]);
    expect(issuesOf(() => parseGoldAnswer('CLASSIFICATION', config, payload, { label: 'dog', note: 'easy' }))).toEqual([
      { path: 'note', message: 'unknown field "note"' },
    ]);
  });

  it('is correct when the label is equal', () => {
    expect(isGoldCorrect('CLASSIFICATION', config, payload, { label: 'dog' }, { label: 'dog' })).toBe(true);
    expect(isGoldCorrect('CLASSIFICATION', config, payload, { label: 'bird' }, { label: 'dog' })).toBe(false);
    const unsure = { label: null, unsure: true };
    expect(isGoldCorrect('CLASSIFICATION', lenient, payload, unsure, { label: 'dog' })).toBe(false);
  });
});
