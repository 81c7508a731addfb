import { describe, expect, it } from 'vitest';
import { isActivatableTarget, isTypingTarget, matchShortcut, shortcutsFor } from './shortcuts';

describe('shortcuts', () => {
  it('maps digits to labels, only as many as there are', () => {
    const config = { labels: ['a', 'b', 'c'] };
    expect(matchShortcut('CLASSIFICATION', config, '2')).toEqual({ kind: 'pick', index: 1 });
    expect(matchShortcut('CLASSIFICATION', config, '4')).toBeNull();
    expect(matchShortcut('CLASSIFICATION', config, '0')).toBeNull();
    expect(matchShortcut('MULTI_LABEL', config, 'Enter')).toEqual({ kind: 'submit' });
    expect(shortcutsFor('CLASSIFICATION', config)).toEqual([
      { keys: '1–3', action: 'pickLabel' },
      { keys: 'Enter', action: 'submit' },
    ]);
  });

  it('pairwise: letters and digits follow the offered choices', () => {
    expect(matchShortcut('PAIRWISE', {}, 'a')).toEqual({ kind: 'choice', choice: 'A' });
    expect(matchShortcut('PAIRWISE', {}, 'B')).toEqual({ kind: 'choice', choice: 'B' });
    expect(matchShortcut('PAIRWISE', {}, 't')).toEqual({ kind: 'choice', choice: 'tie' });
    expect(matchShortcut('PAIRWISE', {}, '4')).toEqual({ kind: 'choice', choice: 'both_bad' });
    expect(matchShortcut('PAIRWISE', { allowTie: false }, 't')).toBeNull();
    expect(matchShortcut('PAIRWISE', { allowTie: false }, '3')).toEqual({ kind: 'choice', choice: 'both_bad' });
    expect(matchShortcut('PAIRWISE', {}, 'Escape')).toEqual({ kind: 'back' });
    expect(shortcutsFor('PAIRWISE', { allowBothBad: false }).map((s) => s.keys)).toEqual(['A / 1', 'B / 2', 'T / 3', 'Enter', 'Esc']);
  });

  it('ranking: digits or letters up to the number of responses, Backspace undoes', () => {
    expect(matchShortcut('RANKING', {}, '3', { responseCount: 3 })).toEqual({ kind: 'pick', index: 2 });
    expect(matchShortcut('RANKING', {}, 'c', { responseCount: 3 })).toEqual({ kind: 'pick', index: 2 });
    expect(matchShortcut('RANKING', {}, 'd', { responseCount: 3 })).toBeNull();
    expect(matchShortcut('RANKING', {}, 'Backspace', { responseCount: 3 })).toEqual({ kind: 'undo' });
    expect(shortcutsFor('RANKING', {}, { responseCount: 4 })[0].keys).toBe('1–4 / A–D');
  });

  it('rating digits follow the scale; writing only submits with Ctrl+Enter (handled in the field)', () => {
    expect(matchShortcut('RATING', { scale: 5 }, '6')).toBeNull();
    expect(matchShortcut('RATING', { scale: 7 }, '6')).toEqual({ kind: 'pick', index: 5 });
    expect(matchShortcut('WRITING', {}, 'Enter')).toBeNull();
    expect(shortcutsFor('WRITING', {})).toEqual([{ keys: 'Ctrl+Enter', action: 'submit' }]);
  });

  it('never fires while typing', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isActivatableTarget({ tagName: 'BUTTON' })).toBe(true);
    expect(isActivatableTarget({ tagName: 'BODY' })).toBe(false);
  });
});
