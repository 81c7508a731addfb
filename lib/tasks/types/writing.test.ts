import { describe, expect, it } from 'vitest';
import { isGoldCorrect, parseAnswer, parseGoldAnswer, parsePayload, parseTypeConfig, toShownPayload } from '../index';
import { issuesOf } from '../test-helpers';

const payload = { prompt: 'Write a one-sentence welcome message for new app users.' };
const rewrite = { mode: 'rewrite', minLength: 10, maxLength: 60 };
const draftItem = { prompt: 'Make this friendlier.', draft: 'Your request was denied.', ticket: 'T-1' };
const answer = (value: unknown, config: unknown = { minLength: 10, maxLength: 40 }) =>
  parseAnswer('WRITING', config, payload, value);

describe('WRITING config', () => {
  it('applies defaults', () => {
    expect(parseTypeConfig('WRITING', {})).toEqual({ mode: 'write', minLength: 20, maxLength: 4000 });
  });

  it('checks the length bounds', () => {
    expect(issuesOf(() => parseTypeConfig('WRITING', { minLength: 0, maxLength: 20_001 }))).toEqual([
      { path: 'minLength', message: 'must be at least 1' },
      { path: 'maxLength', message: 'must be at most 20000' },
    ]);
    expect(issuesOf(() => parseTypeConfig('WRITING', { minLength: 50, maxLength: 40 }))).toEqual([
      { path: 'minLength', message: 'cannot be more than maxLength (40)' },
    ]);
    expect(issuesOf(() => parseTypeConfig('WRITING', { mode: 'edit' }))).toEqual([
      { path: 'mode', message: 'must be one of: write, rewrite' },
    ]);
  });
});

describe('WRITING payload', () => {
  it('needs a draft in rewrite mode, when the config is given', () => {
    expect(parsePayload('WRITING', payload)).toEqual(payload);
    expect(issuesOf(() => parsePayload('WRITING', payload, rewrite))).toEqual([
      { path: 'draft', message: 'a draft to rewrite is required: this project is in rewrite mode' },
    ]);
    expect(parsePayload('WRITING', draftItem, rewrite)).toEqual(draftItem);
    expect(issuesOf(() => parseAnswer('WRITING', rewrite, payload, { text: 'Welcome aboard, friend!' }))).toEqual([
      { path: 'draft', message: 'a draft to rewrite is required: this project is in rewrite mode' },
    ]);
  });

  it('shows the prompt and the draft, not the metadata', () => {
    expect(toShownPayload('WRITING', draftItem, null)).toEqual({
      prompt: 'Make this friendlier.',
      draft: 'Your request was denied.',
    });
  });
});

describe('WRITING answer', () => {
  it('trims the text and checks its length', () => {
    expect(answer({ text: '  Welcome aboard, friend!  ' })).toEqual({ text: 'Welcome aboard, friend!' });
    expect(issuesOf(() => answer({ text: '   Hi there   ' }))).toEqual([
      { path: 'text', message: 'is too short: 8 characters, at least 10 needed' },
    ]);
    expect(issuesOf(() => answer({ text: 'x'.repeat(41) }))).toEqual([
      { path: 'text', message: 'is too long: 41 characters, at most 40 allowed' },
    ]);
    expect(issuesOf(() => answer({ text: '  ' }))).toEqual([{ path: 'text', message: 'must not be empty' }]);
    expect(answer({ text: 'x'.repeat(40) }).text).toHaveLength(40);
  });

  it('rejects unknown fields and non-text', () => {
    expect(issuesOf(() => answer({ text: 'Welcome aboard, friend!', wordCount: 3 }))).toEqual([
      { path: 'wordCount', message: 'unknown field "wordCount"' },
    ]);
    expect(issuesOf(() => answer({ text: 42 }))).toEqual([
      { path: 'text', message: 'must be text, not the number 42' },
    ]);
  });

  it('has no gold answers', () => {
    expect(issuesOf(() => parseGoldAnswer('WRITING', {}, payload, { text: 'Welcome!' }))).toEqual([
      { path: '', message: 'this task type (Write or rewrite) has no gold answers' },
    ]);
    const text = 'Welcome to the app, glad you are here.';
    expect(isGoldCorrect('WRITING', {}, payload, { text }, { text })).toBeNull();
  });
});
