// The dataset card (README.md) written beside every export: Hub front matter (card-meta.ts), then counts, what was
// left out and why, filters, quality and instructions. Pure.
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { buildCardFrontMatter, listCardDataFiles } from './card-meta';
import type { ExportContainer } from './schemas';
import { formatCatalog, type FitCounts, type LeftOutReason } from './formats';
import type { StoredFilters } from './schemas';
import { describeAggregationAndBias } from './card-aggregation';
import type { PositionBias } from '@/lib/quality/position-bias';

export interface ExportStats {
  rows: Record<string, number>;
  items: Record<string, number>;
  /** Items (or ranking pairs) left out of preference formats, by reason. */
  dropped: Record<string, number>;
  /** Items left out by the min agreement / min confidence filters. */
  filteredOut: number;
  /** Training formats: rows left out because the format can't hold them, rows normalised (formats/fit.ts). */
  fit?: FitCounts | null;
  agreement: { krippendorffAlpha: number | null; percentAgreement: number | null; units: number };
  gold: { judged: number; correct: number; accuracy: number | null };
  gzipBytes: number;
  rawBytes: number;
}

export interface CardInput {
  projectTitle: string;
  taskType: TaskType;
  taskTypeLabel: string;
  format: ExportFormat;
  container: ExportContainer;
  instructions: string;
  licence: string | null;
  /** ISO 639 code of the data, for the Hub's `language`. */
  language: string;
  filters: StoredFilters;
  stats: ExportStats;
  generatedAt: Date;
  version: string;
  positionBias?: PositionBias | null;
}

const fmt = (n: number | null, digits = 3) => (n === null || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

function describeFilters(f: StoredFilters): string[] {
  const lines = [
    `- Judgments: ${f.status === 'approved' ? 'approved only' : 'all (pending, approved and rejected)'}`,
    `- Gold items: ${f.gold}`,
  ];
  if (f.minAgreement !== undefined) lines.push(`- Minimum item agreement: ${f.minAgreement}`);
  if (f.minConfidence !== undefined) lines.push(`- Minimum item confidence: ${f.minConfidence}`);
  if (f.batchId) lines.push(`- Batch: ${f.batchId}`);
  if (f.from) lines.push(`- Judged from: ${f.from.toISOString()}`);
  if (f.to) lines.push(`- Judged until: ${f.to.toISOString()}`);
  if (f.split) lines.push(`- Split: ${Math.round(f.split.validationRatio * 1000) / 10}% validation by hash of seed "${f.split.seed}" and item id`);
  return lines;
}

const leftOutText: Record<LeftOutReason, string> = {
  system_not_first: 'a system message after the first turn',
  starts_with_assistant: 'the conversation starts with the assistant',
  no_user_turn: 'no user message (a system message alone)',
  ends_with_assistant: 'the conversation ends with the assistant',
  same_responses: 'the preferred and the other response are the same text',
  role_marker_in_text: 'a turn holds "\\n\\nHuman:" or "\\n\\nAssistant:" (HH-RLHF reads it as a new turn)',
};

/** What this format could not hold, by reason, and what was normalised: never a silent drop. */
function describeFit(fit: FitCounts | null | undefined): string[] {
  if (!fit) return [];
  const leftOut = (Object.entries(fit.leftOut) as [LeftOutReason, number][]).filter(([, n]) => n > 0);
  const lines = ['## Left out of this format', ''];
  if (leftOut.length === 0) lines.push('No row was left out: every example fits this format.');
  else {
    lines.push('Rows this format cannot hold (items uploaded before the conversation rules, or text HH-RLHF would misread):', '');
    lines.push('| reason | rows |', '| --- | ---: |', ...leftOut.map(([reason, n]) => `| ${leftOutText[reason]} | ${n} |`));
  }
  if (fit.normalised > 0) {
    lines.push('', `Rows whose consecutive same-role turns were merged into one turn (a blank line between): ${fit.normalised}.`);
  }
  return [...lines, ''];
}

/** Parquet only: what the files are and how to load them (JSONL and CSV need no word). */
function describeContainer(input: CardInput): string[] {
  if (input.container !== 'parquet') return [];
  const files = listCardDataFiles({ ...input, rows: input.stats.rows });
  const dataFiles = `{${files.map((f) => `"${f.split}": "${f.path}"`).join(', ')}}`;
  return [
    '## Files',
    '',
    `- Parquet, one file per part (${files.map((f) => `\`${f.path}\``).join(', ')}): the rows of the ${formatCatalog[input.format].label} format as typed columns (objects as structs, arrays as lists), snappy-compressed.`,
    `- Load with \`load_dataset("parquet", data_files=${dataFiles})\`, or \`load_dataset(<this folder or Hub repo>)\`, which reads the files named in this card's \`configs\`.`,
    '',
  ];
}

/** The card's title, origin and the table of what it is (`taskRow` says the task), shared by every export's card. */
export function describeCardHead(input: Pick<CardInput, 'projectTitle' | 'version' | 'generatedAt' | 'format' | 'licence' | 'language'>, taskRow: string): string[] {
  return [
    `# ${input.projectTitle}`,
    '',
    `Exported from Boltwork ${input.version} on ${input.generatedAt.toISOString()}.`,
    '',
    '| | |',
    '| --- | --- |',
    taskRow,
    `| Format | ${formatCatalog[input.format].label} (${input.format}) |`,
    `| Licence | ${input.licence ?? 'not specified'} |`,
    `| Language | ${input.language} |`,
    '',
  ];
}

/** The project's task instructions, last on every card. */
export function describeInstructions(instructions: string): string[] {
  return ['## Task instructions', '', instructions.trim() || '_none_', ''];
}

export function buildDatasetCard(input: CardInput): string {
  const { stats } = input;
  const parts = Object.keys(stats.rows);
  const dropped = Object.entries(stats.dropped).filter(([, n]) => n > 0);
  return [
    buildCardFrontMatter({ ...input, rows: stats.rows }),
    ...describeCardHead(input, `| Task type | ${input.taskTypeLabel} (${input.taskType}) |`),
    ...describeContainer(input),
    '## Counts',
    '',
    '| part | rows | items |',
    '| --- | ---: | ---: |',
    ...parts.map((p) => `| ${p} | ${stats.rows[p]} | ${stats.items[p] ?? 0} |`),
    '',
    ...(dropped.length ? ['Left out of the preference data: ' + dropped.map(([r, n]) => `${n} ${r.replace('_', ' ')}`).join(', ') + '.', ''] : []),
    ...(stats.filteredOut ? [`Items below the agreement/confidence thresholds: ${stats.filteredOut}.`, ''] : []),
    ...describeFit(stats.fit),
    ...describeAggregationAndBias({ taskType: input.taskType, aggregation: input.filters.aggregation, positionBias: input.positionBias }),
    '## Filters',
    '',
    ...describeFilters(input.filters),
    '',
    '## Quality',
    '',
    `- Krippendorff's alpha (nominal): ${fmt(stats.agreement.krippendorffAlpha)} over ${stats.agreement.units} items with two or more judgments`,
    `- Percent agreement: ${fmt(stats.agreement.percentAgreement)}`,
    `- Gold accuracy: ${fmt(stats.gold.accuracy)} (${stats.gold.correct} of ${stats.gold.judged} gold judgments)`,
    '',
    'Worker ids are pseudonymous: the first 16 hex digits of sha256(team salt + worker id).',
    'Answers are canonical: "A" is responses[0] whatever order the worker saw (see shown_order in raw exports).',
    '',
    ...describeInstructions(input.instructions),
  ].join('\n');
}
