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
  prompt: 'What is the capital of Australia?',
  responses: ['The capital of Australia is Canberra.', 'The capital of Australia is Sydney.'],
  models: ['model-a', 'model-b'],
};
const strict = { allowTie: false, allowBothBad: false };
const detailed = { criteria: ['accuracy', 'style', 'brevity'], askStrength: true, rationale: 'optional' as const };
const answer = (value: unknown, config: unknown = {}) => parseAnswer('PAIRWISE', config, payload, value);

describe('PAIRWISE config', () => {
  it('applies the contract defaults', () => {
    expect(parseTypeConfig('PAIRWISE', {})).toEqual({
      criteria: [],
      allowTie: true,
      allowBothBad: true,
      askStrength: false,
      rationale: 'off',
    });
  });

  it('allows at most 6 unique criteria and known rationale modes', () => {
    expect(issuesOf(() => parseTypeConfig('PAIRWISE', { criteria: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }))).toEqual([
      { path: 'criteria', message: 'must have at most 6 items (it has 7)' },
    ]);
    expect(issuesOf(() => parseTypeConfig('PAIRWISE', { criteria: ['style', 'style'], rationale: 'always' }))).toEqual([
      { path: 'criteria.1', message: 'criterion "style" is listed twice' },
      { path: 'rationale', message: 'must be one of: off, optional, required' },
    ]);
  });
});

describe('PAIRWISE payload', () => {
  it('keeps metadata and accepts a prompt, a conversation or both', () => {
    expect(parsePayload('PAIRWISE', payload)).toEqual(payload);
    const conversation = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of Australia?', name: 'alice' },
    ];
    const parsed = parsePayload('PAIRWISE', { conversation, responses: ['Canberra', 'Sydney'] });
    expect(parsed.conversation).toEqual(conversation);
  });

  it('needs a prompt or a conversation', () => {
    expect(issuesOf(() => parsePayload('PAIRWISE', { responses: ['a', 'b'] }))).toEqual([
      { path: 'prompt', message: 'a prompt or a conversation is required' },
    ]);
  });

  it('reports every problem in one go', () => {
    const item = { responses: ['only one'], conversation: [{ role: 'bot', content: '' }] };
    expect(issuesOf(() => parsePayload('PAIRWISE', item))).toEqual([
      { path: 'conversation.0.role', message: 'must be one of: system, user, assistant' },
      { path: 'conversation.0.content', message: 'must not be empty' },
      { path: 'responses', message: 'must have exactly 2 responses' },
    ]);
  });

  it('checks response count, emptiness and the conversation limits', () => {
    expect(issuesOf(() => parsePayload('PAIRWISE', { prompt: 'x', responses: ['a', 'b', 'c'] }))).toEqual([
      { path: 'responses', message: 'must have exactly 2 responses' },
    ]);
    expect(issuesOf(() => parsePayload('PAIRWISE', { prompt: 'x', responses: ['a', ' \n'] }))).toEqual([
      { path: 'responses.1', message: 'must not be empty' },
    ]);
    const long = Array.from({ length: 51 }, () => ({ role: 'user', content: 'hi' }));
    expect(issuesOf(() => parsePayload('PAIRWISE', { conversation: long, responses: ['a', 'b'] }))).toEqual([
      { path: 'conversation', message: 'must have at most 50 items (it has 51)' },
    ]);
    expect(issuesOf(() => parsePayload('PAIRWISE', { conversation: [], responses: ['a', 'b'] }))).toEqual([
      { path: 'conversation', message: 'must have at least 1 item' },
    ]);
    expect(issuesOf(() => parsePayload('PAIRWISE', { prompt: 'p'.repeat(50_001), responses: ['a', 'b'] }))).toEqual([
      { path: 'prompt', message: 'must be at most 50000 characters (it has 50001)' },
    ]);
  });
});

describe('PAIRWISE answer', () => {
  it('accepts every choice when allowed', () => {
    for (const choice of ['A', 'B', 'tie', 'both_bad']) expect(answer({ choice })).toEqual({ choice });
  });

  it('rejects tie and both_bad when not allowed, and unknown choices', () => {
    expect(issuesOf(() => answer({ choice: 'tie' }, strict))).toEqual([
      { path: 'choice', message: 'a tie is not allowed in this project' },
    ]);
    expect(issuesOf(() => answer({ choice: 'both_bad' }, strict))).toEqual([
      { path: 'choice', message: '"both bad" is not allowed in this project' },
    ]);
    expect(issuesOf(() => answer({ choice: 'a' }))).toEqual([
      { path: 'choice', message: 'must be one of: A, B, tie, both_bad' },
    ]);
  });

  it('takes a strength only with A or B, when the project asks for it', () => {
    expect(answer({ choice: 'B', strength: 'much' }, { askStrength: true })).toEqual({ choice: 'B', strength: 'much' });
    expect(answer({ choice: 'A' }, { askStrength: true })).toEqual({ choice: 'A' });
    expect(issuesOf(() => answer({ choice: 'A', strength: 'slightly' }))).toEqual([
      { path: 'strength', message: 'this project does not ask how strong the preference is' },
    ]);
    expect(issuesOf(() => answer({ choice: 'tie', strength: 'slightly' }, { askStrength: true }))).toEqual([
      { path: 'strength', message: 'a strength only goes with choice A or B' },
    ]);
  });

  it('needs exactly the configured criteria', () => {
    const criteria = { accuracy: 'A', style: 'tie', brevity: 'B' };
    expect(answer({ choice: 'A', criteria }, detailed)).toEqual({ choice: 'A', criteria });
    expect(issuesOf(() => answer({ choice: 'A' }, detailed))).toEqual([
      { path: 'criteria', message: 'pick A, B or tie for each criterion: accuracy, style, brevity' },
    ]);
    const partial = { accuracy: 'A', style: 'B', tone: 'A' };
    expect(issuesOf(() => answer({ choice: 'A', criteria: partial }, detailed))).toEqual([
      { path: 'criteria.brevity', message: 'pick A, B or tie for "brevity"' },
      { path: 'criteria.tone', message: '"tone" is not one of the criteria: accuracy, style, brevity' },
    ]);
    expect(issuesOf(() => answer({ choice: 'A', criteria: { ...criteria, style: 'both_bad' } }, detailed))).toEqual([
      { path: 'criteria.style', message: 'must be one of: A, B, tie' },
    ]);
    expect(issuesOf(() => answer({ choice: 'A', criteria: { accuracy: 'A' } }))).toEqual([
      { path: 'criteria', message: 'this project has no criteria' },
    ]);
    expect(answer({ choice: 'A', criteria: {} })).toEqual({ choice: 'A' });
  });

  it('handles the rationale per mode: off, optional, required (10..2000 characters, trimmed)', () => {
    expect(issuesOf(() => answer({ choice: 'A', rationale: 'Because.' }))).toEqual([
      { path: 'rationale', message: 'this project does not ask for a reason' },
    ]);
    expect(answer({ choice: 'A', rationale: '   ' })).toEqual({ choice: 'A' });
    expect(answer({ choice: 'A', rationale: '  More accurate.  ' }, { rationale: 'optional' })).toEqual({
      choice: 'A',
      rationale: 'More accurate.',
    });
    expect(answer({ choice: 'A', rationale: '' }, { rationale: 'optional' })).toEqual({ choice: 'A' });
    expect(issuesOf(() => answer({ choice: 'A', rationale: '  too short ' }, { rationale: 'required' }))).toEqual([
      { path: 'rationale', message: 'a reason of at least 10 characters is required' },
    ]);
    expect(issuesOf(() => answer({ choice: 'A' }, { rationale: 'required' }))).toHaveLength(1);
    expect(answer({ choice: 'tie', rationale: 'Both are equally correct.' }, { rationale: 'required' }).rationale).toBe(
      'Both are equally correct.',
    );
    expect(issuesOf(() => answer({ choice: 'A', rationale: 'x'.repeat(2001) }, { rationale: 'optional' }))).toEqual([
      { path: 'rationale', message: 'must be at most 2000 characters (it has 2001)' },
    ]);
  });

  it('rejects unknown fields', () => {
    expect(issuesOf(() => answer({ choice: 'A', confidence: 'high' }))).toEqual([
      { path: 'confidence', message: 'unknown field "confidence"' },
    ]);
  });
});

describe('PAIRWISE gold', () => {
  it('is A, B or tie (tie only when allowed)', () => {
    expect(parseGoldAnswer('PAIRWISE', {}, payload, { choice: 'A' })).toEqual({ choice: 'A' });
    expect(issuesOf(() => parseGoldAnswer('PAIRWISE', {}, payload, { choice: 'both_bad' }))).toEqual([
      { path: 'choice', message: 'must be one of: A, B, tie' },
    ]);
    expect(issuesOf(() => parseGoldAnswer('PAIRWISE', strict, payload, { choice: 'tie' }))).toEqual([
      { path: 'choice', message: 'a tie is not allowed in this project' },
    ]);
  });

  it('is correct when the choice is equal', () => {
    expect(isGoldCorrect('PAIRWISE', {}, payload, { choice: 'A' }, { choice: 'A' })).toBe(true);
    expect(isGoldCorrect('PAIRWISE', {}, payload, { choice: 'B' }, { choice: 'A' })).toBe(false);
    expect(isGoldCorrect('PAIRWISE', {}, payload, { choice: 'both_bad' }, { choice: 'A' })).toBe(false);
    expect(isGoldCorrect('PAIRWISE', {}, payload, { choice: 'tie' }, { choice: 'tie' })).toBe(true);
  });
});

describe('PAIRWISE shown order', () => {
  it('swaps A and B in the choice and in every criterion for [1, 0]; tie and both_bad stay', () => {
    const shown = {
      choice: 'A',
      strength: 'much',
      criteria: { accuracy: 'A', style: 'B', brevity: 'tie' },
      rationale: 'First is right.',
    };
    expect(toCanonicalAnswer('PAIRWISE', shown, [1, 0])).toEqual({
      choice: 'B',
      strength: 'much',
      criteria: { accuracy: 'B', style: 'A', brevity: 'tie' },
      rationale: 'First is right.',
    });
    expect(toCanonicalAnswer('PAIRWISE', { choice: 'tie' }, [1, 0])).toEqual({ choice: 'tie' });
    expect(toCanonicalAnswer('PAIRWISE', { choice: 'both_bad' }, [1, 0])).toEqual({ choice: 'both_bad' });
    expect(toCanonicalAnswer('PAIRWISE', shown, [0, 1])).toEqual(shown);
  });

  // A worker with fixed opinions about the texts answers the shown item; converted back, it must equal the answer
  // the same worker gives on the canonical item.
  type Verdict = string | 'tie' | 'both_bad'; // a response text, or no preference
  const [good, bad] = payload.responses;
  const intents: { choice: Verdict; criteria: Record<string, Verdict>; strength?: string }[] = [
    { choice: good, criteria: { accuracy: good, style: bad, brevity: 'tie' }, strength: 'much' },
    { choice: bad, criteria: { accuracy: bad, style: good, brevity: good }, strength: 'slightly' },
    { choice: 'tie', criteria: { accuracy: 'tie', style: 'tie', brevity: bad } },
    { choice: 'both_bad', criteria: { accuracy: good, style: 'tie', brevity: bad } },
  ];
  const letter = (responses: string[], verdict: Verdict) =>
    verdict === 'tie' || verdict === 'both_bad' ? verdict : ['A', 'B'][responses.indexOf(verdict)];
  const answerAs = (responses: string[], intent: (typeof intents)[number]) => ({
    choice: letter(responses, intent.choice),
    criteria: Object.fromEntries(
      Object.entries(intent.criteria).map(([name, verdict]) => [name, letter(responses, verdict)]),
    ),
    ...(intent.strength && { strength: intent.strength }),
    rationale: 'My reasons, in words.',
  });

  const orders = permutationsOf(2).map((order) => ({ order }));
  it.each(orders)('round-trips every answer for shown order $order', ({ order }) => {
    for (const intent of intents) {
      const shownPayload = toShownPayload('PAIRWISE', payload, order);
      const shownAnswer = answerAs(shownPayload.responses, intent);
      const direct = parseAnswer('PAIRWISE', detailed, payload, answerAs(payload.responses, intent));
      const canonical = toCanonicalAnswer('PAIRWISE', shownAnswer, order);
      expect(parseAnswer('PAIRWISE', detailed, payload, canonical)).toEqual(direct);
      const position = answerPosition('PAIRWISE', shownAnswer);
      if (intent.choice === good) expect(position).toBe(order[0] === 0 ? 'first' : 'second');
    }
  });
});
