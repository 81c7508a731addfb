// What the project form edits (text fields as typed) and how it becomes the settings input. Isomorphic.
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { ProjectDto, ProjectSettingsInput } from '@/lib/projects/schemas';
import { defaultQualityRules, type QualityRules } from '@/lib/quality/rules';
import { defaultTypeConfig } from '@/lib/tasks';
import { toTreeSettingsInput, treeFormValuesFrom, type TreeFormValues } from './tree-form-values';

export type TypeConfigDraft = Record<string, unknown>;

export type ProjectFormValues = {
  title: string;
  instructions: string;
  taskType: TaskType;
  typeConfig: TypeConfigDraft;
  rewardSats: string;
  judgmentsPerItem: string;
  maxJudgmentsPerItem: string;
  agreementThreshold: string;
  goldRatioPercent: string;
  minSeconds: string;
  estimatedSeconds: string;
  examGoldCount: string;
  examPassCount: string;
  autoApproveAfterHours: string;
  license: string;
  budgetAlertSats: string;
  goldWindow: string;
  minGoldAccuracyPercent: string;
  goldWrong: QualityRules['goldWrong'];
  tooFast: QualityRules['tooFast'];
  maxSameSharePercent: string;
  maxSkipRatePercent: string;
  autoPause: boolean;
  /** Rules the form does not show are kept as they are. */
  qualityRules: QualityRules;
  /** Set: a conversation-tree project (task type WRITING, its tasks made by the tree engine). */
  tree: TreeFormValues | null;
};

const pct = (share: number) => String(Math.round(share * 1000) / 10);

function qualityFormValues(rules: QualityRules) {
  return {
    goldWindow: String(rules.goldWindow),
    minGoldAccuracyPercent: pct(rules.minGoldAccuracy),
    goldWrong: rules.goldWrong,
    tooFast: rules.tooFast,
    maxSameSharePercent: pct(rules.straightLining.maxSameShare),
    maxSkipRatePercent: pct(rules.maxSkipRate),
    autoPause: rules.autoPause,
    qualityRules: rules,
  };
}

/** A fresh, editable copy (the registry's defaults are frozen). */
export function defaultConfigFor(type: TaskType): TypeConfigDraft {
  return JSON.parse(JSON.stringify(defaultTypeConfig[type])) as TypeConfigDraft;
}

export function emptyProjectFormValues(): ProjectFormValues {
  return {
    title: '',
    instructions: '',
    taskType: 'PAIRWISE',
    typeConfig: defaultConfigFor('PAIRWISE'),
    rewardSats: '10',
    judgmentsPerItem: '3',
    maxJudgmentsPerItem: '',
    agreementThreshold: '',
    goldRatioPercent: '10',
    minSeconds: '5',
    estimatedSeconds: '30',
    examGoldCount: '0',
    examPassCount: '0',
    autoApproveAfterHours: '72',
    license: '',
    budgetAlertSats: '',
    ...qualityFormValues(defaultQualityRules),
    tree: null,
  };
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function projectFormValuesFrom(project: ProjectDto): ProjectFormValues {
  return {
    title: project.title,
    instructions: project.instructions,
    taskType: project.taskType,
    typeConfig: (project.typeConfig ?? {}) as TypeConfigDraft,
    rewardSats: text(project.rewardSats),
    judgmentsPerItem: text(project.judgmentsPerItem),
    maxJudgmentsPerItem: text(project.maxJudgmentsPerItem),
    agreementThreshold: project.agreementThreshold === null ? '' : text(Math.round(project.agreementThreshold * 100)),
    goldRatioPercent: text(Math.round(project.goldRatio * 1000) / 10),
    minSeconds: text(project.minSeconds),
    estimatedSeconds: text(project.estimatedSeconds),
    examGoldCount: text(project.examGoldCount),
    examPassCount: text(project.examPassCount),
    autoApproveAfterHours: text(project.autoApproveAfterHours),
    license: project.license ?? '',
    budgetAlertSats: text(project.budgetAlertSats),
    ...qualityFormValues(project.qualityRules),
    tree: project.treeConfig ? treeFormValuesFrom(project.treeConfig) : null,
  };
}

/** Blank → undefined (the server's default); anything else a number, so the schema can say what is wrong with it. */
const num = (value: string) => (value.trim() === '' ? undefined : Number(value));
/** Blank → null ("none"). */
const numOrNull = (value: string) => (value.trim() === '' ? null : Number(value));
const percent = (value: string) => {
  const n = num(value);
  return n === undefined ? undefined : n / 100;
};

/** The settings every project has; a tree project derives the rest (reward, overlap) from its tree settings. */
function sharedSettings(values: ProjectFormValues) {
  return {
    title: values.title,
    instructions: values.instructions,
    minSeconds: num(values.minSeconds) ?? 0,
    estimatedSeconds: num(values.estimatedSeconds),
    autoApproveAfterHours: numOrNull(values.autoApproveAfterHours),
    license: values.license.trim() || null,
    budgetAlertSats: numOrNull(values.budgetAlertSats),
  };
}

/** Gold, the exam and the quality rules the form shows: plain and tree projects alike (a tree's gold are its gold reviews). */
function qualitySettings(values: ProjectFormValues) {
  return {
    goldRatio: percent(values.goldRatioPercent) ?? 0,
    examGoldCount: num(values.examGoldCount) ?? 0,
    examPassCount: num(values.examPassCount) ?? 0,
    qualityRules: {
      ...values.qualityRules,
      goldWindow: num(values.goldWindow) ?? values.qualityRules.goldWindow,
      minGoldAccuracy: percent(values.minGoldAccuracyPercent) ?? values.qualityRules.minGoldAccuracy,
      goldWrong: values.goldWrong,
      tooFast: values.tooFast,
      // A tree project's form doesn't show straight-lining: its rule stays as it is (the tree's own, on create).
      straightLining: values.tree
        ? values.qualityRules.straightLining
        : { ...values.qualityRules.straightLining, maxSameShare: percent(values.maxSameSharePercent) ?? values.qualityRules.straightLining.maxSameShare },
      maxSkipRate: percent(values.maxSkipRatePercent) ?? values.qualityRules.maxSkipRate,
      autoPause: values.autoPause,
    },
  };
}

export function toProjectSettingsInput(values: ProjectFormValues): ProjectSettingsInput {
  if (values.tree) {
    return { ...sharedSettings(values), ...qualitySettings(values), taskType: 'WRITING', typeConfig: undefined, treeConfig: toTreeSettingsInput(values.tree) };
  }
  const threshold = percent(values.agreementThreshold);
  return {
    ...sharedSettings(values),
    ...qualitySettings(values),
    taskType: values.taskType,
    typeConfig: values.typeConfig,
    rewardSats: Number(values.rewardSats),
    judgmentsPerItem: Number(values.judgmentsPerItem),
    // Blank = "same as judgments per item": stored as null so the cap follows later changes of that field.
    maxJudgmentsPerItem: numOrNull(values.maxJudgmentsPerItem),
    agreementThreshold: threshold ?? null,
  };
}

/** Schema paths that the form shows under a differently named field. */
export const fieldErrorAliases: Record<string, string> = {
  goldRatio: 'goldRatioPercent',
  'qualityRules.goldWindow': 'goldWindow',
  'qualityRules.minGoldAccuracy': 'minGoldAccuracyPercent',
  'qualityRules.straightLining.maxSameShare': 'maxSameSharePercent',
  'qualityRules.maxSkipRate': 'maxSkipRatePercent',
  'treeConfig.acceptanceThreshold': 'treeConfig.acceptancePercent',
};
