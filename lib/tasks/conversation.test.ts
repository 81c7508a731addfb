import { describe, expect, it } from 'vitest';
import { assertTrainable, findPromptProblem, mergeSameRoleTurns, toPromptMessages } from './conversation';
import { TaskInputError } from './errors';

const sys = (content: string) => ({ role: 'system' as const, content });
const user = (content: string) => ({ role: 'user' as const, content });
const bot = (content: string) => ({ role: 'assistant' as const, content });

describe('prompt shape', () => {
  it('merges consecutive same-role turns with a blank line and counts them', () => {
    expect(mergeSameRoleTurns([sys('a'), sys('b'), user('c'), user('d'), bot('e'), user('f')])).toEqual({
      messages: [sys('a\n\nb'), user('c\n\nd'), bot('e'), user('f')],
      merged: 2,
    });
  });
  it('finds the first rule a prompt breaks, with the message at fault', () => {
    expect(findPromptProblem([sys('s'), user('q')])).toBeNull();
    expect(findPromptProblem([user('q'), user('q2')])).toBeNull();
    expect(findPromptProblem([user('q'), sys('s'), user('q')])).toEqual({ problem: 'system_not_first', index: 1 });
    expect(findPromptProblem([sys('s'), bot('hi'), user('q')])).toEqual({ problem: 'starts_with_assistant', index: 1 });
    expect(findPromptProblem([sys('s')])).toEqual({ problem: 'no_user_turn', index: 0 });
    expect(findPromptProblem([user('q'), bot('a')])).toEqual({ problem: 'ends_with_assistant', index: 1 });
  });
  it('upload: the prompt field counts as the last user turn; RATING and CLASSIFICATION are not checked', () => {
    expect(() => assertTrainable('PAIRWISE', { conversation: [user('q'), bot('a')], prompt: 'q2', responses: ['x', 'y'] })).not.toThrow();
    expect(toPromptMessages({ conversation: [user('q')], prompt: 'q2' })).toEqual([user('q'), user('q2')]);
    expect(() => assertTrainable('WRITING', { conversation: [sys('s')] })).toThrow(TaskInputError);
    expect(() => assertTrainable('RATING', { conversation: [sys('s')], response: 'r' })).not.toThrow();
    expect(() => assertTrainable('PAIRWISE', { prompt: 'q', responses: ['same', 'same'] })).toThrow('the two responses are the same');
  });
});
