// The tree settings as the project form edits them (numbers as typed, rewards in sats, the acceptance threshold in
// percent) and how they become the team API's `treeConfig`. Isomorphic.
import { defaultTreeConfig } from '@/lib/trees/config';
import { toTreeSettingsDto, treeTaskKinds, type TreeSettingsDto, type TreeSettingsInput } from '@/lib/trees/settings';

type Kind = (typeof treeTaskKinds)[number];

export type TreeFormValues = {
  repliesPerMessage: string;
  maxDepth: string;
  goalTreeSize: string;
  reviewsPerMessage: string;
  acceptancePercent: string;
  rankingsPerGroup: string;
  haltAfterSkips: string;
  redFlagsToDelete: string;
  reviewLabels: string[];
  promptSource: 'workers' | 'team';
  treesToStart: string;
  minTextLength: string;
  maxTextLength: string;
  lang: string;
  rewardsSats: Record<Kind, string>;
  /** Settings the form does not show (growth order) are kept as they are. */
  kept: Pick<TreeSettingsDto, 'lonelyChildThreshold' | 'parallelReplyGroups'>;
};

export function treeFormValuesFrom(settings: TreeSettingsDto): TreeFormValues {
  return {
    repliesPerMessage: String(settings.repliesPerMessage),
    maxDepth: String(settings.maxDepth),
    goalTreeSize: String(settings.goalTreeSize),
    reviewsPerMessage: String(settings.reviewsPerMessage),
    acceptancePercent: String(Math.round(settings.acceptanceThreshold * 1000) / 10),
    rankingsPerGroup: String(settings.rankingsPerGroup),
    haltAfterSkips: String(settings.haltAfterSkips),
    redFlagsToDelete: String(settings.redFlagsToDelete),
    reviewLabels: [...settings.reviewLabels],
    promptSource: settings.promptSource,
    treesToStart: String(settings.treesToStart),
    minTextLength: String(settings.minTextLength),
    maxTextLength: String(settings.maxTextLength),
    lang: settings.lang,
    rewardsSats: Object.fromEntries(treeTaskKinds.map((kind) => [kind, String(settings.rewardsSats[kind])])) as Record<Kind, string>,
    kept: { lonelyChildThreshold: settings.lonelyChildThreshold, parallelReplyGroups: settings.parallelReplyGroups },
  };
}

/** A new tree project starts from the defaults, with 10 trees grown from workers' prompts. */
export function emptyTreeFormValues(): TreeFormValues {
  return { ...treeFormValuesFrom(toTreeSettingsDto(defaultTreeConfig)), treesToStart: '10' };
}

/** Blank → undefined: the default on create, unchanged on update. */
const num = (value: string) => (value.trim() === '' ? undefined : Number(value));

export function toTreeSettingsInput(values: TreeFormValues): TreeSettingsInput {
  const acceptance = num(values.acceptancePercent);
  return {
    repliesPerMessage: num(values.repliesPerMessage),
    maxDepth: num(values.maxDepth),
    goalTreeSize: num(values.goalTreeSize),
    reviewsPerMessage: num(values.reviewsPerMessage),
    acceptanceThreshold: acceptance === undefined ? undefined : acceptance / 100,
    rankingsPerGroup: num(values.rankingsPerGroup),
    haltAfterSkips: num(values.haltAfterSkips),
    redFlagsToDelete: num(values.redFlagsToDelete),
    reviewLabels: values.reviewLabels.map((label) => label.trim()),
    promptSource: values.promptSource,
    // Trees from the team's prompts come from uploads: the number only counts workers' prompts.
    treesToStart: values.promptSource === 'workers' ? num(values.treesToStart) : 0,
    minTextLength: num(values.minTextLength),
    maxTextLength: num(values.maxTextLength),
    lang: values.lang.trim(),
    rewardsSats: Object.fromEntries(treeTaskKinds.map((kind) => [kind, num(values.rewardsSats[kind])])),
    ...values.kept,
  };
}
