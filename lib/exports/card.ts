// The dataset card (markdown) written beside every export. Pure.
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { formatCatalog } from './formats';
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
  instructions: string;
  licence: string | null;
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

export function buildDatasetCard(input: CardInput): string {
  const { stats } = input;
  const parts = Object.keys(stats.rows);
  const dropped = Object.entries(stats.dropped).filter(([, n]) => n > 0);
  return [
    `# ${input.projectTitle}`,
    '',
    `Exported from Boltwork ${input.version} on ${input.generatedAt.toISOString()}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Task type | ${input.taskTypeLabel} (${input.taskType}) |`,
    `| Format | ${formatCatalog[input.format].label} (${input.format}) |`,
    `| Licence | ${input.licence ?? 'not specified'} |`,
    '',
    '## Counts',
    '',
    '| part | rows | items |',
    '| --- | ---: | ---: |',
    ...parts.map((p) => `| ${p} | ${stats.rows[p]} | ${stats.items[p] ?? 0} |`),
    '',
    ...(dropped.length ? ['Left out of the preference data: ' + dropped.map(([r, n]) => `${n} ${r.replace('_', ' ')}`).join(', ') + '.', ''] : []),
    ...(stats.filteredOut ? [`Items below the agreement/confidence thresholds: ${stats.filteredOut}.`, ''] : []),
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
    '## Task instructions',
    '',
    input.instructions.trim() || '_none_',
    '',
  ].join('\n');
}
