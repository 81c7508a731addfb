// The dataset card of a conversation-tree export (OASST_TREES, TREE_SFT, TREE_DPO): Hub front matter as for every
// export, then what went in (trees, messages, depth, pairs), how the rows were made, the collection settings (reviews,
// rankings) and the split by tree. Pure.
import type { TreeConfig } from '@/lib/trees/config';
import { describeCardHead, describeInstructions } from './card';
import { buildCardFrontMatter, listCardDataFiles } from './card-meta';
import type { TreeFormat } from './formats';
import type { ExportContainer, StoredFilters } from './schemas';

/** What a tree export counted while it wrote (kept in Export.stats beside the rows per part). */
export interface TreeExportStats {
  rows: Record<string, number>;
  /** Trees per part that gave at least one row. */
  trees: Record<string, number>;
  /** Trees read (after the state filter) and, of them, trees that gave no row (no live assistant reply, no ranked pair). */
  treesRead: number;
  treesWithoutRows: number;
  /** Trees not READY, left out by the default filter. */
  treesNotReady: number;
  /** Trees read that came from an oasst file: reviewed and ranked elsewhere, not under this project's settings. */
  treesImported: number;
  messages: number;
  deletedMessages: number;
  maxDepth: number;
  /** Ranked pairs of user replies, which TRL's conversational preference cannot hold (TREE_DPO). */
  userPairs: number;
  gzipBytes: number;
  rawBytes: number;
}

export interface TreeCardInput {
  projectTitle: string;
  format: TreeFormat;
  container: ExportContainer;
  instructions: string;
  licence: string | null;
  language: string;
  filters: StoredFilters;
  config: TreeConfig;
  stats: TreeExportStats;
  generatedAt: Date;
  version: string;
}

const HOW_ROWS_ARE_MADE: Record<TreeFormat, string[]> = {
  OASST_TREES: [
    'One tree per line in OpenAssistant\'s export shape (`message_tree_id`, `tree_state`, `prompt` with nested `replies`), the keys in oasst\'s order.',
    'Each message: `message_id`, `parent_id`, `user_id`, `text`, `role` (`prompter`/`assistant`), `lang`, `review_count`, `review_result`, `deleted`, `rank` (0 = best, among its ranked siblings), `synthetic`, `model_name` (model replies), `emojis` (imported trees), `labels` (`{name: {value, count}}`, the mean of the peer reviews\' answers).',
    'Messages pruned by their reviewers or by red flags are kept, with `deleted: true` and their subtree.',
    'The file re-imports into a Boltwork tree project (`POST /projects/{id}/trees/oasst`) with every field but `user_id` kept.',
  ],
  TREE_SFT: [
    'One conversation per tree, `{"messages": [{role, content}, ...]}`: the prompt, then at each turn the best-ranked live, human-written reply (an unranked one only when it is the only live reply), ending on an assistant turn.',
    'Roles alternate user/assistant from the user; TRL\'s SFTTrainer and OpenAI chat fine-tuning read it as it is.',
    'Pruned (deleted) messages and model replies are never on the path.',
  ],
  TREE_DPO: [
    'TRL conversational preference rows: `prompt` is the whole conversation up to the replies\' parent (ending with the user), `chosen` and `rejected` one assistant turn each.',
    'Every pair of ranked sibling assistant replies gives a row, the better-ranked one chosen: a group of k ranked replies gives k(k-1)/2 rows. Rankings are merged by Borda count over the group\'s rankers.',
    'Only live, human-written, ranked replies take part (OpenAssistant\'s rule): pruned messages and model replies are left out. `metadata` names the tree, the parent, both replies and their ranks.',
  ],
};

const workers = (n: number) => `${n} worker${n === 1 ? '' : 's'}`;

function describeSettings(config: TreeConfig, imported: number): string[] {
  return [
    '## How the trees were grown',
    '',
    ...(imported > 0 ? [`${imported} of the trees were imported from oasst files: they were written, reviewed and ranked where they came from, not under the settings below.`, ''] : []),
    `- Up to ${config.repliesPerMessage} replies per message, ${config.goalTreeSize} messages per tree, depth ${config.maxDepth} (the prompt is depth 0).`,
    `- Each message peer-reviewed by ${workers(config.reviewsPerMessage)} (spam or not, labels ${config.reviewLabels.map((l) => `\`${l}\``).join(', ')} on 0..1); accepted when at least ${config.acceptanceThreshold} of them say it is not spam, otherwise pruned with its subtree.`,
    `- Sibling replies ranked by ${workers(config.rankingsPerGroup)} each, merged by Borda count; nobody reviews or ranks their own message.`,
    `- A message is deleted at ${config.redFlagsToDelete} red flags (a flagged prompt aborts its tree).`,
    '',
  ];
}

export function buildTreeDatasetCard(input: TreeCardInput): string {
  const { stats, filters } = input;
  const parts = Object.keys(stats.rows);
  const files = listCardDataFiles({ ...input, rows: stats.rows });
  const which = filters.status === 'approved'
    ? `READY trees only (${stats.treesNotReady} growing, ranking, aborted or halted trees left out)`
    : 'every tree with a prompt, whatever its state (`tree_state` says which)';
  return [
    buildCardFrontMatter({ ...input, taskType: 'WRITING', rows: stats.rows }),
    ...describeCardHead(input, '| Task | Conversation trees (prompts, replies, peer reviews, rankings) |'),
    ...(input.container === 'parquet' ? ['## Files', '', `- Parquet, one file per part: ${files.map((f) => `\`${f.path}\``).join(', ')}.`, ''] : []),
    '## Counts',
    '',
    '| part | rows | trees |',
    '| --- | ---: | ---: |',
    ...parts.map((p) => `| ${p} | ${stats.rows[p]} | ${stats.trees[p] ?? 0} |`),
    '',
    `- Trees: ${which}; ${stats.treesRead} read, ${stats.treesWithoutRows} of them gave no row in this format.`,
    `- Messages in those trees: ${stats.messages}, of which ${stats.deletedMessages} pruned; deepest live message at depth ${stats.maxDepth}.`,
    ...(input.format === 'TREE_DPO' ? [`- Ranked pairs of user replies left out (TRL's preference rows hold assistant turns): ${stats.userPairs}.`] : []),
    '',
    '## How the rows were made',
    '',
    ...HOW_ROWS_ARE_MADE[input.format].map((line) => `- ${line}`),
    '',
    ...describeSettings(input.config, stats.treesImported),
    '## Split',
    '',
    filters.split
      ? `${Math.round(filters.split.validationRatio * 1000) / 10}% validation by hash of seed "${filters.split.seed}" and the tree id: every row of a tree is in one part, so no conversation prefix is in both.`
      : 'None: one file.',
    '',
    'Authors (`user_id`) are pseudonymous: the first 16 hex digits of sha256(team salt + worker id), stable within the team.',
    '',
    ...describeInstructions(input.instructions),
  ].join('\n');
}
