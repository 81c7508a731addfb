import { describe, expect, it } from 'vitest';
import { createProjectInputSchema, toFieldErrors, type CreateProjectInput } from './schemas';

const valid: CreateProjectInput = { title: 'Sentiment', instructions: '', taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'] }, rewardSats: 5, judgmentsPerItem: 3 };
const errorsOf = (input: Record<string, unknown>) => {
  const result = createProjectInputSchema.safeParse({ ...valid, ...input });
  expect(result.success).toBe(false);
  return toFieldErrors(result.error!);
};

describe('project form messages', () => {
  it('speaks in the units the form shows: percent fields in percent', () => {
    // The form sends 99 % as 0.99; the raw validator said "<=0.5".
    expect(errorsOf({ goldRatio: 0.99 }).goldRatio).toBe('The gold ratio can be at most 50 %.');
    expect(errorsOf({ agreementThreshold: 1.2 }).agreementThreshold).toBe('The agreement threshold can be at most 100 %.');
    expect(errorsOf({ qualityRules: { maxSkipRate: 2 } })['qualityRules.maxSkipRate']).toMatch(/^Maximum skip rate can be at most 100 %\.$/);
  });

  it('replaces raw "Too small" / "Invalid input" text on number fields', () => {
    const errors = errorsOf({ rewardSats: 0, judgmentsPerItem: 2.5, estimatedSeconds: Number.NaN, minSeconds: 4000, budgetAlertSats: 0 });
    expect(errors).toMatchObject({
      rewardSats: 'The reward must be at least 1 sats.',
      judgmentsPerItem: 'Judgments per item must be a whole number.',
      minSeconds: 'Minimum seconds can be at most 3,600 seconds.',
      budgetAlertSats: 'The budget alert must be at least 1 sats.',
    });
    expect(errors.estimatedSeconds).toMatch(/^Estimated seconds must be a (whole )?number/);
    for (const text of Object.values(errors)) expect(text).not.toMatch(/Too small|Too big|expected|Invalid input/);
  });

  it('keeps hand-written messages and explains text limits', () => {
    expect(errorsOf({ title: '  ' }).title).toBe('Give the project a title.');
    expect(errorsOf({ title: 'x'.repeat(201) }).title).toBe('The title can be at most 200 characters.');
    expect(errorsOf({ judgmentsPerItem: 3, maxJudgmentsPerItem: 2 }).maxJudgmentsPerItem).toBe('Must be at least the judgments per item.');
  });
});
