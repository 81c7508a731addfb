import { describe, expect, it } from 'vitest';
import { defaultQualityRules } from '@/lib/quality/rules';
import { createProjectInputSchema, toFieldErrors, updateProjectInputSchema } from '@/lib/projects/schemas';
import { treeStraightLining } from '@/lib/trees/settings';
import { emptyProjectFormValues, projectFormValuesFrom, toProjectSettingsInput } from './project-form-values';
import { emptyTreeFormValues } from './tree-form-values';

describe('project form values', () => {
  it('turns the typed form into valid settings', () => {
    const values = { ...emptyProjectFormValues(), title: 'Helpfulness', goldRatioPercent: '12.5', agreementThreshold: '70', budgetAlertSats: '' };
    const input = toProjectSettingsInput(values);
    expect(input).toMatchObject({ rewardSats: 10, goldRatio: 0.125, agreementThreshold: 0.7, budgetAlertSats: null, maxJudgmentsPerItem: null, license: null }); // blank cap = same as judgments per item
    expect(createProjectInputSchema.safeParse(input).success).toBe(true);
  });

  it('reports bad fields by path, including task options', () => {
    const values = { ...emptyProjectFormValues(), title: ' ', rewardSats: '', taskType: 'CLASSIFICATION' as const, typeConfig: { labels: ['a', 'a'] } };
    const result = createProjectInputSchema.safeParse(toProjectSettingsInput(values));
    expect(result.success).toBe(false);
    const errors = toFieldErrors(result.error!);
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['title', 'rewardSats']));
    expect(Object.keys(errors).some((key) => key.startsWith('typeConfig.labels'))).toBe(true);
  });

  it('refuses gold checks for writing tasks and lets updates send a subset', () => {
    const writing = { ...emptyProjectFormValues(), title: 'Rewrite', taskType: 'WRITING' as const, typeConfig: { mode: 'write' } };
    expect(createProjectInputSchema.safeParse(toProjectSettingsInput(writing)).success).toBe(false);
    expect(updateProjectInputSchema.safeParse({ title: 'Only the title' }).success).toBe(true);
  });

  it('round-trips a stored project', () => {
    const values = projectFormValuesFrom({
      id: '0196d7a4-0000-7000-8000-000000000000', title: 'T', taskType: 'RATING', status: 'DRAFT', statusReason: null, instructions: '', typeConfig: { scale: 5, criteria: ['overall'] },
      rewardSats: 21, feeBps: 0, judgmentsPerItem: 2, maxJudgmentsPerItem: 4, agreementThreshold: 0.6, goldRatio: 0.1, minSeconds: 3, estimatedSeconds: 20, leaseSeconds: 600,
      examGoldCount: 4, examPassCount: 3, autoApproveAfterHours: 48, license: 'CC-BY-4.0', budgetAlertSats: 500, createdAt: '', updatedAt: '', closedAt: null,
      items: { total: 0, done: 0, open: 0, gold: 0 }, escrowSats: 0, treeConfig: null, trees: null,
      qualityRules: { ...defaultQualityRules, minGoldAccuracy: 0.8, tooFast: 'reject', consensusWindow: 40 },
    });
    expect(toProjectSettingsInput(values)).toMatchObject({ rewardSats: 21, maxJudgmentsPerItem: 4, agreementThreshold: 0.6, goldRatio: 0.1, examPassCount: 3, autoApproveAfterHours: 48, budgetAlertSats: 500 });
    // Rules the form edits come back as typed; the others are kept.
    expect(toProjectSettingsInput({ ...values, maxSkipRatePercent: '30' }).qualityRules).toEqual({ ...defaultQualityRules, minGoldAccuracy: 0.8, tooFast: 'reject', consensusWindow: 40, maxSkipRate: 0.3 });
  });

  it('sends a tree project’s gold ratio, exam and quality rules, keeping its straight-lining rule', () => {
    const base = emptyProjectFormValues();
    const tree = {
      ...base, title: 'Grow', taskType: 'WRITING' as const, tree: emptyTreeFormValues(), qualityRules: { ...base.qualityRules, straightLining: treeStraightLining },
      goldRatioPercent: '5', examGoldCount: '3', examPassCount: '2', minGoldAccuracyPercent: '80', maxSameSharePercent: '90',
    };
    const input = toProjectSettingsInput(tree);
    expect(input).toMatchObject({ goldRatio: 0.05, examGoldCount: 3, examPassCount: 2, qualityRules: { minGoldAccuracy: 0.8, straightLining: treeStraightLining } });
    expect(createProjectInputSchema.safeParse(input).success).toBe(true);
    const badExam = createProjectInputSchema.safeParse(toProjectSettingsInput({ ...tree, examPassCount: '4' }));
    expect(toFieldErrors(badExam.error!)).toEqual({ examPassCount: expect.stringMatching(/more than the exam questions/i) });
  });
});
