import { describe, expect, it } from 'vitest';
import { createProjectInputSchema, toFieldErrors, updateProjectInputSchema } from '@/lib/projects/schemas';
import { defaultTreeConfig } from '@/lib/trees/config';
import { applyTreeSettings, toTreeSettingsDto } from '@/lib/trees/settings';
import { emptyProjectFormValues, fieldErrorAliases, projectFormValuesFrom, toProjectSettingsInput } from './project-form-values';
import { emptyTreeFormValues, toTreeSettingsInput, treeFormValuesFrom } from './tree-form-values';

const treeForm = () => ({ ...emptyProjectFormValues(), title: 'Grow conversations', tree: emptyTreeFormValues() });

describe('tree settings in the project form', () => {
  it('sends a tree project as WRITING + treeConfig, without the settings a tree derives', () => {
    const values = treeForm();
    values.tree.rewardsSats = { WRITE_PROMPT: '6', REPLY: '10', REVIEW: '2', RANK: '3' };
    values.tree.acceptancePercent = '75';
    values.tree.reviewLabels = ['quality', ' humour '];
    const input = toProjectSettingsInput(values);
    expect(input).toMatchObject({ taskType: 'WRITING', treeConfig: { acceptanceThreshold: 0.75, treesToStart: 10, reviewLabels: ['quality', 'humour'], rewardsSats: { WRITE_PROMPT: 6, REPLY: 10, REVIEW: 2, RANK: 3 } } });
    for (const derived of ['rewardSats', 'judgmentsPerItem', 'maxJudgmentsPerItem', 'agreementThreshold']) expect(input).not.toHaveProperty(derived);
    // Gold, the exam and the quality rules are the team's, as on any project (a tree's gold are its gold reviews).
    expect(input).toMatchObject({ goldRatio: 0.1, examGoldCount: 0, examPassCount: 0, qualityRules: expect.any(Object) });
    expect(input.typeConfig).toBeUndefined();
    expect(createProjectInputSchema.safeParse(input).success).toBe(true);
  });

  it('sends no trees to start when the team writes the prompts', () => {
    const values = treeForm();
    values.tree.promptSource = 'team';
    expect(toTreeSettingsInput(values.tree)).toMatchObject({ promptSource: 'team', treesToStart: 0 });
  });

  it('round-trips a stored tree project, keeping the settings it does not show', () => {
    const settings = toTreeSettingsDto(applyTreeSettings({ ...defaultTreeConfig, parallelReplyGroups: 3, treesToStart: 4 }, { rewardsSats: { REPLY: 9 } }));
    const tree = treeFormValuesFrom(settings);
    expect(tree).toMatchObject({ acceptancePercent: '60', treesToStart: '4', rewardsSats: { REPLY: '9', REVIEW: '1' } });
    expect(toTreeSettingsInput(tree)).toMatchObject({ parallelReplyGroups: 3, acceptanceThreshold: 0.6, rewardsSats: { REPLY: 9 } });
    expect(projectFormValuesFrom({ ...sampleDto, treeConfig: settings, trees: { GROWING: 1, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 } }).tree).toEqual(tree);
  });

  it('reports bad tree fields at the paths the form shows, in its units', () => {
    const values = treeForm();
    values.tree = { ...values.tree, maxDepth: '0', acceptancePercent: '150', rewardsSats: { ...values.tree.rewardsSats, REVIEW: '0' }, reviewLabels: ['Quality'] };
    const result = createProjectInputSchema.safeParse(toProjectSettingsInput(values));
    expect(result.success).toBe(false);
    const errors = toFieldErrors(result.error!);
    expect(errors).toMatchObject({
      'treeConfig.maxDepth': 'The maximum depth must be at least 1.',
      'treeConfig.acceptanceThreshold': 'The acceptance threshold can be at most 100 %.',
      'treeConfig.rewardsSats.REVIEW': 'The review reward must be at least 1 sats.',
      'treeConfig.reviewLabels.0': 'The review labels: lowercase letters, digits and _',
    });
    expect(fieldErrorAliases['treeConfig.acceptanceThreshold']).toBe('treeConfig.acceptancePercent');
    const crossed = { ...treeForm().tree!, minTextLength: '500', maxTextLength: '100' };
    const cross = createProjectInputSchema.safeParse(toProjectSettingsInput({ ...treeForm(), tree: crossed }));
    expect(toFieldErrors(cross.error!)['treeConfig.minTextLength']).toBe('The minimum length cannot be more than maxTextLength (100)');
  });

  it('refuses a tree with a reward set, or an exam it can’t pass, on create and on update', () => {
    const input = { ...toProjectSettingsInput(treeForm()), rewardSats: 5, examGoldCount: 2 };
    const errors = toFieldErrors(createProjectInputSchema.safeParse(input).error!);
    // The exam is checked as on any project: two questions need a pass mark.
    expect(Object.keys(errors).sort()).toEqual(['examPassCount', 'rewardSats']);
    expect(createProjectInputSchema.safeParse({ ...input, rewardSats: undefined, examPassCount: 2 }).success).toBe(true);
    expect(updateProjectInputSchema.safeParse({ treeConfig: { goalTreeSize: 20 }, judgmentsPerItem: 2 }).success).toBe(false);
    expect(updateProjectInputSchema.safeParse({ treeConfig: { goalTreeSize: 20 } }).success).toBe(true);
  });
});

const sampleDto = {
  id: '0196d7a4-0000-7000-8000-000000000000', title: 'T', taskType: 'WRITING' as const, status: 'DRAFT' as const, statusReason: null, instructions: '', typeConfig: { mode: 'write', minLength: 1, maxLength: 4000 },
  rewardSats: 5, feeBps: 0, judgmentsPerItem: 1, maxJudgmentsPerItem: null, agreementThreshold: null, goldRatio: 0, minSeconds: 0, estimatedSeconds: 60, leaseSeconds: 600,
  examGoldCount: 0, examPassCount: 0, autoApproveAfterHours: 0, license: null, budgetAlertSats: null, createdAt: '', updatedAt: '', closedAt: null,
  items: { total: 0, done: 0, open: 0, gold: 0 }, escrowSats: 0, qualityRules: emptyProjectFormValues().qualityRules,
};
