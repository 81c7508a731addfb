// The widgets keep their own (lenient) copy of the contract types so they never pull zod into phones;
// this checks that copy against lib/tasks, at compile time (types) and at run time (answers parse).
import { describe, expect, it } from 'vitest';
import {
  defaultTypeConfig,
  exampleItems,
  parseAnswer,
  parseTypeConfig,
  toCanonicalAnswer,
  type TaskAnswer,
  type TaskConfig,
} from '@/lib/tasks';
import {
  resolveMultiLabelBounds,
  resolvePairwiseConfig,
  resolveRatingConfig,
  resolveWritingConfig,
  type ShownAnswerMap,
  type TaskType,
  type WidgetConfigMap,
} from './types';
import {
  buildClassificationAnswer,
  buildMultiLabelAnswer,
  buildPairwiseAnswer,
  buildRatingAnswer,
  buildWritingAnswer,
  emptyPairwiseDraft,
} from './widgets/answers';
import { buildRankingAnswer, emptyRanking, tapResponse, toggleTie } from './widgets/ranking-state';

// Compile-time: parsed configs fit the widget props; widget answers fit the contract's answers.
type Assert<T extends true> = T;
type ConfigsFit = { [T in TaskType]: TaskConfig<T> extends WidgetConfigMap[T] ? true : false }[TaskType];
type AnswersFit = { [T in TaskType]: ShownAnswerMap[T] extends TaskAnswer<T> ? true : false }[TaskType];
export type Checks = [Assert<ConfigsFit>, Assert<AnswersFit>];

const payloadOf = (type: TaskType, i = 0) => exampleItems[type][i].payload;

describe('widget view of the contract', () => {
  it('applies the same defaults as lib/tasks', () => {
    const pairwise = parseTypeConfig('PAIRWISE', {});
    expect(resolvePairwiseConfig({})).toEqual(pairwise);
    const rating = parseTypeConfig('RATING', {});
    expect(resolveRatingConfig({})).toMatchObject({ scale: rating.scale, criteria: rating.criteria });
    const writing = parseTypeConfig('WRITING', {});
    expect(resolveWritingConfig({})).toMatchObject({ mode: writing.mode, minLength: writing.minLength, maxLength: writing.maxLength });
    const multi = parseTypeConfig('MULTI_LABEL', { labels: ['a', 'b'] });
    expect(resolveMultiLabelBounds({ labels: ['a', 'b'] })).toEqual({ min: multi.minSelected, max: 2 });
  });

  it('classification and multi-label answers parse', () => {
    const config = { ...(defaultTypeConfig.CLASSIFICATION as WidgetConfigMap['CLASSIFICATION']), allowUnsure: true, allowFlag: true };
    for (const draft of [
      { label: config.labels[0], unsure: false, flag: null },
      { label: null, unsure: true, flag: null },
      { label: null, unsure: false, flag: 'broken' as const },
    ]) {
      const answer = buildClassificationAnswer(config, draft);
      expect(() => parseAnswer('CLASSIFICATION', config, payloadOf('CLASSIFICATION'), answer)).not.toThrow();
    }
    const multi = { ...(defaultTypeConfig.MULTI_LABEL as WidgetConfigMap['MULTI_LABEL']), minSelected: 1, allowFlag: true };
    const picked = buildMultiLabelAnswer(multi, [multi.labels[1], multi.labels[0]], null);
    expect(() => parseAnswer('MULTI_LABEL', multi, payloadOf('MULTI_LABEL'), picked)).not.toThrow();
    const flagged = buildMultiLabelAnswer(multi, [], 'unsafe');
    expect(() => parseAnswer('MULTI_LABEL', multi, payloadOf('MULTI_LABEL'), flagged)).not.toThrow();
  });

  it('pairwise answers in shown terms parse after toCanonicalAnswer', () => {
    const config = { criteria: ['accuracy', 'tone'], askStrength: true, rationale: 'required' as const };
    const shown = buildPairwiseAnswer(config, {
      ...emptyPairwiseDraft,
      choice: 'A',
      strength: 'slightly',
      criteria: { accuracy: 'A', tone: 'tie' },
      rationale: 'A cites the right year.',
    });
    expect(shown).not.toBeNull();
    const canonical = toCanonicalAnswer('PAIRWISE', shown, [1, 0]);
    expect(parseAnswer('PAIRWISE', config, payloadOf('PAIRWISE'), canonical)).toMatchObject({ choice: 'B', strength: 'slightly' });
    const oneTap = buildPairwiseAnswer({}, { ...emptyPairwiseDraft, choice: 'both_bad' });
    expect(() => parseAnswer('PAIRWISE', {}, payloadOf('PAIRWISE'), toCanonicalAnswer('PAIRWISE', oneTap, [0, 1]))).not.toThrow();
  });

  it('ranking answers (with ties, and not rankable) parse after toCanonicalAnswer', () => {
    const payload = payloadOf('RANKING');
    const count = (payload as { responses: string[] }).responses.length;
    let state = emptyRanking;
    for (let i = count - 1; i >= 0; i--) state = tapResponse(state, i, count);
    state = toggleTie(state, 1, true);
    const config = { allowTies: true };
    const shown = buildRankingAnswer(state, count, true, false);
    const order = Array.from({ length: count }, (_, i) => (i + 1) % count);
    expect(() => parseAnswer('RANKING', config, payload, toCanonicalAnswer('RANKING', shown, order))).not.toThrow();
    const strict = buildRankingAnswer(state, count, false, false);
    expect(() => parseAnswer('RANKING', {}, payload, toCanonicalAnswer('RANKING', strict, order))).not.toThrow();
    const notRankable = buildRankingAnswer(emptyRanking, count, false, true);
    expect(() => parseAnswer('RANKING', {}, payload, toCanonicalAnswer('RANKING', notRankable, order))).not.toThrow();
  });

  it('rating and writing answers parse', () => {
    const rating = { scale: 7 as const, criteria: ['helpfulness', 'honesty'] };
    const scores = buildRatingAnswer(rating, { helpfulness: 6, honesty: 2 });
    expect(() => parseAnswer('RATING', rating, payloadOf('RATING'), scores)).not.toThrow();
    const text = buildWritingAnswer({}, '  A clear, friendly answer that is long enough.  ');
    expect(() => parseAnswer('WRITING', {}, payloadOf('WRITING'), text)).not.toThrow();
  });
});
