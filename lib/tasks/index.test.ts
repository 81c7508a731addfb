import { describe, expect, it } from 'vitest';
import type { TaskType } from '@/lib/generated/prisma/enums';
import {
  answerPosition,
  createShownOrder,
  defaultTypeConfig,
  exampleItems,
  isGoldCorrect,
  parseAnswer,
  parseGoldAnswer,
  parsePayload,
  parseTypeConfig,
  shuffledTaskTypes,
  taskTypeLabels,
  toCanonicalAnswer,
  toShownPayload,
} from './index';
import { catchTaskInputError, issuesOf, mulberry32 } from './test-helpers';

const taskTypes: TaskType[] = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'];
const shuffledTypes: TaskType[] = ['PAIRWISE', 'RANKING'];
const fixedTypes = taskTypes.filter((type) => !shuffledTypes.includes(type));

describe('registry', () => {
  it('has a label, a default config and 2-3 examples for every type', () => {
    for (const type of taskTypes) {
      expect(taskTypeLabels[type]).toMatch(/\S/);
      expect(exampleItems[type].length).toBeGreaterThanOrEqual(2);
      expect(exampleItems[type].length).toBeLessThanOrEqual(3);
    }
    expect(taskTypeLabels.CLASSIFICATION).toBe('Classification');
    expect(taskTypeLabels.PAIRWISE).toBe('Compare two answers');
  });

  it('default configs are valid and already complete', () => {
    for (const type of taskTypes) {
      expect(parseTypeConfig(type, defaultTypeConfig[type])).toEqual(defaultTypeConfig[type]);
    }
  });

  it.each(taskTypes)('every %s example parses under the default config', (type) => {
    const config = defaultTypeConfig[type];
    for (const { payload, goldAnswer } of exampleItems[type]) {
      expect(() => parsePayload(type, payload, config)).not.toThrow();
      expect(() => toShownPayload(type, payload, createShownOrder(type, payload, mulberry32(7)))).not.toThrow();
      if (goldAnswer === undefined) continue;
      const gold = parseGoldAnswer(type, config, payload, goldAnswer);
      // The gold answer, given as an answer, is a correct one.
      expect(isGoldCorrect(type, config, payload, gold, goldAnswer)).toBe(true);
    }
  });

  it('includes gold answers exactly where the type supports them', () => {
    for (const type of taskTypes) {
      const golds = exampleItems[type].filter((example) => example.goldAnswer !== undefined);
      if (type === 'WRITING') expect(golds).toHaveLength(0);
      else expect(golds.length).toBeGreaterThan(0);
    }
  });

  it('keeps exported defaults and examples safe from callers', () => {
    expect(Object.isFrozen(defaultTypeConfig.CLASSIFICATION)).toBe(true);
    expect(Object.isFrozen(exampleItems.PAIRWISE[0].payload)).toBe(true);
  });

  it('rejects an unknown task type with a TaskInputError', () => {
    const error = catchTaskInputError(() => parseTypeConfig('ESSAY' as TaskType, {}));
    expect(error.issues).toEqual([{ path: '', message: '"ESSAY" is not a task type' }]);
  });

  it('reports problems in the config, the item and the answer under their own subject', () => {
    const payload = exampleItems.CLASSIFICATION[0].payload;
    expect(catchTaskInputError(() => parseAnswer('CLASSIFICATION', { labels: ['a'] }, payload, {})).message).toBe(
      'Invalid project settings: labels: must have at least 2 items',
    );
    const config = defaultTypeConfig.CLASSIFICATION;
    expect(catchTaskInputError(() => parseAnswer('CLASSIFICATION', config, {}, {})).message).toBe(
      'Invalid item: text: is required',
    );
    expect(catchTaskInputError(() => parseAnswer('CLASSIFICATION', config, payload, { label: 'x' })).message).toBe(
      'Invalid answer: label: label "x" is not one of: positive, neutral, negative',
    );
  });

  it('isGoldCorrect is null without gold, and throws on an invalid answer', () => {
    const { payload } = exampleItems.CLASSIFICATION[0];
    const config = defaultTypeConfig.CLASSIFICATION;
    expect(isGoldCorrect('CLASSIFICATION', config, payload, { label: 'negative' }, null)).toBeNull();
    expect(isGoldCorrect('CLASSIFICATION', config, payload, { label: 'negative' }, undefined)).toBeNull();
    const gold = { label: 'negative' };
    expect(issuesOf(() => isGoldCorrect('CLASSIFICATION', config, payload, { label: 'meh' }, gold))).toEqual([
      { path: 'label', message: 'label "meh" is not one of: positive, neutral, negative' },
    ]);
  });
});

describe('createShownOrder', () => {
  it('shuffles exactly the responses of the shuffled types (the SQL claim relies on it)', () => {
    expect([...shuffledTaskTypes].sort()).toEqual(shuffledTypes);
    for (const type of shuffledTaskTypes) {
      for (const { payload } of exampleItems[type]) {
        const responses = (payload as { responses: unknown[] }).responses;
        expect(createShownOrder(type, payload, mulberry32(5))).toHaveLength(responses.length);
      }
    }
  });

  it('is null for types without responses to shuffle', () => {
    for (const type of fixedTypes) {
      expect(createShownOrder(type, exampleItems[type][0].payload, mulberry32(1))).toBeNull();
    }
  });

  it('is a permutation of the response indices', () => {
    for (let count = 2; count <= 9; count += 1) {
      const responses = Array.from({ length: count }, (_, index) => `answer ${index}`);
      const payload = { prompt: 'Pick the best.', responses };
      const order = createShownOrder('RANKING', payload, mulberry32(count));
      expect([...(order ?? [])].sort()).toEqual(Array.from({ length: count }, (_, index) => index));
    }
    expect(createShownOrder('PAIRWISE', exampleItems.PAIRWISE[0].payload, mulberry32(3))).toHaveLength(2);
  });

  it('is reproducible with a seeded random and defaults to Math.random', () => {
    const { payload } = exampleItems.RANKING[1];
    const first = createShownOrder('RANKING', payload, mulberry32(42));
    expect(createShownOrder('RANKING', payload, mulberry32(42))).toEqual(first);
    expect(createShownOrder('RANKING', payload)).toHaveLength(4);
  });

  it('is roughly uniform over the 6 orders of 3 responses (6000 draws)', () => {
    const payload = { prompt: 'Rank these.', responses: ['one', 'two', 'three'] };
    const random = mulberry32(20240601);
    const counts = new Map<string, number>();
    for (let draw = 0; draw < 6000; draw += 1) {
      const key = (createShownOrder('RANKING', payload, random) ?? []).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - 1000) ** 2 / 1000, 0);
    expect(chiSquare).toBeLessThan(20.5); // 5 degrees of freedom, p = 0.001
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('swaps two responses about half the time', () => {
    const random = mulberry32(99);
    let swapped = 0;
    for (let draw = 0; draw < 6000; draw += 1) {
      if (createShownOrder('PAIRWISE', exampleItems.PAIRWISE[0].payload, random)?.[0] === 1) swapped += 1;
    }
    expect(Math.abs(swapped - 3000)).toBeLessThan(200);
  });

  it('refuses a random() outside [0, 1) and an invalid payload', () => {
    expect(() => createShownOrder('PAIRWISE', exampleItems.PAIRWISE[0].payload, () => 1)).toThrow(RangeError);
    expect(issuesOf(() => createShownOrder('RANKING', { prompt: 'x', responses: ['only one'] }))).toEqual([
      { path: 'responses', message: 'must have at least 2 items' },
    ]);
  });
});

describe('toShownPayload', () => {
  const payload = {
    prompt: 'Which is better?',
    conversation: [{ role: 'user', content: 'Hi', messageId: 'm1' }],
    responses: ['first answer', 'second answer', 'third answer'],
    models: ['model-a', 'model-b', 'model-c'],
  };

  it('reorders responses (shown[i] = responses[order[i]]) and drops requester metadata', () => {
    expect(toShownPayload('RANKING', payload, [2, 0, 1])).toEqual({
      prompt: 'Which is better?',
      conversation: [{ role: 'user', content: 'Hi' }],
      responses: ['third answer', 'first answer', 'second answer'],
    });
    expect(toShownPayload('RANKING', payload, null).responses).toEqual(payload.responses);
    const pair = { prompt: 'Which?', responses: ['left', 'right'] };
    expect(toShownPayload('PAIRWISE', pair, [1, 0])).toEqual({ prompt: 'Which?', responses: ['right', 'left'] });
  });

  it('does not mutate its input', () => {
    const snapshot = structuredClone(payload);
    const shown = toShownPayload('RANKING', payload, [1, 2, 0]);
    shown.responses.reverse();
    expect(payload).toEqual(snapshot);
  });

  it('rejects a shown order that is not a permutation of the responses', () => {
    expect(issuesOf(() => toShownPayload('RANKING', payload, [0, 1]))).toEqual([
      { path: '', message: 'must list all 3 responses (it lists 2)' },
    ]);
    expect(issuesOf(() => toShownPayload('RANKING', payload, [0, 1, 1]))).toEqual([
      { path: '', message: 'position 1 appears twice' },
    ]);
    expect(issuesOf(() => toShownPayload('RANKING', payload, [0, 1, 3]))).toEqual([
      { path: '', message: '3 is not a position 0..2' },
    ]);
  });

  it('keeps fixed-order types as they are, and refuses a shown order for them', () => {
    const item = { text: 'Great product', title: 'Review', sku: 'X-1' };
    expect(toShownPayload('CLASSIFICATION', item, null)).toEqual({ text: 'Great product', title: 'Review' });
    expect(() => toShownPayload('CLASSIFICATION', item, [0])).toThrow('shown order must be null');
    expect(() => toCanonicalAnswer('RATING', { scores: { overall: 3 } }, [0])).toThrow('shown order must be null');
  });
});

describe('toCanonicalAnswer and answerPosition', () => {
  it('is the identity without a shown order', () => {
    const answer = { choice: 'A' };
    expect(toCanonicalAnswer('PAIRWISE', answer, null)).toBe(answer);
    expect(toCanonicalAnswer('CLASSIFICATION', { label: 'x' }, null)).toEqual({ label: 'x' });
  });

  it('does not mutate the shown answer', () => {
    const shown = { choice: 'A', criteria: { accuracy: 'B' } };
    expect(toCanonicalAnswer('PAIRWISE', shown, [1, 0])).toEqual({ choice: 'B', criteria: { accuracy: 'A' } });
    expect(shown).toEqual({ choice: 'A', criteria: { accuracy: 'B' } });
    const ranking = { ranking: [[0], [1, 2]] };
    expect(toCanonicalAnswer('RANKING', ranking, [2, 0, 1])).toEqual({ ranking: [[2], [0, 1]] });
    expect(ranking).toEqual({ ranking: [[0], [1, 2]] });
  });

  it('maps canonical answers to shown terms when given the inverse order (as the exam review does)', () => {
    const order = [2, 0, 3, 1];
    const inverse = order.map((_, canonical) => order.indexOf(canonical));
    const canonical = { ranking: [[3], [0, 2], [1]] };
    const shown = toCanonicalAnswer('RANKING', canonical, inverse);
    expect(shown).toEqual({ ranking: [[2], [0, 1], [3]] });
    expect(toCanonicalAnswer('RANKING', shown, order)).toEqual(canonical);
    // [1, 0] is its own inverse.
    expect(toCanonicalAnswer('PAIRWISE', { choice: 'A' }, [1, 0])).toEqual({ choice: 'B' });
  });

  it('rejects a malformed shown order', () => {
    expect(() => toCanonicalAnswer('PAIRWISE', { choice: 'A' }, [0, 1, 2])).toThrow('must list all 2 responses');
    expect(() => toCanonicalAnswer('RANKING', { ranking: [[0]] }, [0])).toThrow('must list 2 to 9 responses');
    expect(() => toCanonicalAnswer('RANKING', { ranking: [] }, [0, 0])).toThrow('appears twice');
  });

  it('reports the shown position picked', () => {
    expect(answerPosition('PAIRWISE', { choice: 'A' })).toBe('first');
    expect(answerPosition('PAIRWISE', { choice: 'B', strength: 'much' })).toBe('second');
    expect(answerPosition('PAIRWISE', { choice: 'tie' })).toBe('tie');
    expect(answerPosition('PAIRWISE', { choice: 'both_bad' })).toBe('both_bad');
    expect(answerPosition('PAIRWISE', { choice: 'toString' })).toBeNull();
    expect(answerPosition('RANKING', { ranking: [[2], [0], [1]] })).toBe('2');
    expect(answerPosition('RANKING', { ranking: [[2, 0], [1]] })).toBe('0,2');
    expect(answerPosition('RANKING', { ranking: [], notRankable: true })).toBeNull();
    expect(answerPosition('CLASSIFICATION', { label: 'spam' })).toBe('spam');
    expect(answerPosition('CLASSIFICATION', { label: null, unsure: true })).toBeNull();
    expect(answerPosition('MULTI_LABEL', { labels: ['rude tone', 'made-up facts'] })).toBe('made-up facts, rude tone');
    expect(answerPosition('MULTI_LABEL', { labels: [] })).toBeNull();
    expect(answerPosition('RATING', { scores: { overall: 3 } })).toBeNull();
    expect(answerPosition('WRITING', { text: 'Hello there' })).toBeNull();
    expect(answerPosition('PAIRWISE', 'A')).toBeNull();
  });
});
