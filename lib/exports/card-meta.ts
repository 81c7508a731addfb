// The YAML front matter of the dataset card: the metadata the Hugging Face Hub and `huggingface_hub.DatasetCard`
// read (DatasetCardData: license, language, task_categories, size_categories, pretty_name; `configs` with
// `data_files` per split, as the Hub's "Manual Configuration" docs describe). Pure.
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { toFeatureYaml } from './card-features';
import type { ExportContainer } from './schemas';
import { exportFileName } from './files';
import { sourceFor } from './formats';
import type { ExportPart } from './schemas';

/** Licence ids the Hub knows (huggingface.co/docs/hub/repositories-licenses); anything else is `other` + name. */
const HUB_LICENSES = new Set(
  (
    'apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0 bigcode-openrail-m ' +
    'afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause bsd-3-clause-clear c-uda cc cc0-1.0 cc-by-2.0 ' +
    'cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 ' +
    'cc-by-nc-nd-3.0 cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0 ' +
    'cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1 eupl-1.2 agpl-3.0 gfdl ' +
    'gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1 lgpl-3.0 isc lppl-1.3c ms-pl mpl-2.0 odc-by odbl osl-3.0 postgresql ofl-1.1 ' +
    'ncsa unlicense zlib pddl lgpl-lr unknown other'
  ).split(' '),
);

/** The Hub's size buckets (DatasetCardData.size_categories), by number of rows. */
const SIZE_BUCKETS: [number, string][] = [
  [1e3, 'n<1K'],
  [1e4, '1K<n<10K'],
  [1e5, '10K<n<100K'],
  [1e6, '100K<n<1M'],
  [1e7, '1M<n<10M'],
  [1e8, '10M<n<100M'],
  [1e9, '100M<n<1B'],
];

export function toSizeCategory(rows: number): string {
  return SIZE_BUCKETS.find(([limit]) => rows < limit)?.[1] ?? '1B<n<10B';
}

/** `license` (a Hub id, or `other` with the given text as `license_name`), from the export's or project's licence. */
export function toHubLicense(licence: string | null): { license: string; license_name?: string } {
  const id = licence?.trim().toLowerCase().replace(/\s+/g, '-') ?? '';
  if (id === '') return { license: 'other' };
  if (HUB_LICENSES.has(id)) return { license: id };
  return { license: 'other', license_name: id.replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'custom' };
}

function toTaskCategories(format: ExportFormat, taskType: TaskType): string[] {
  const source = sourceFor(format, taskType);
  if (source === 'sft' || source === 'preference' || source === 'kto' || source === 'tree') return ['text-generation'];
  return taskType === 'WRITING' || taskType === 'PAIRWISE' || taskType === 'RANKING' ? ['text-generation'] : ['text-classification'];
}

const FORMAT_TAGS: Partial<Record<ExportFormat, string[]>> = {
  OPENAI_DPO: ['dpo', 'preference'],
  TRL_PREFERENCE: ['dpo', 'preference', 'trl'],
  TRL_PREFERENCE_CONVERSATIONAL: ['dpo', 'preference', 'trl'],
  TRL_KTO: ['kto', 'trl'],
  HH_RLHF: ['rlhf', 'preference'],
  OPENAI_SFT: ['sft'],
  OASST_TREES: ['conversation-trees', 'oasst'],
  TREE_SFT: ['sft', 'conversation-trees'],
  TREE_DPO: ['dpo', 'preference', 'trl', 'conversation-trees'],
};

export interface CardMetaInput {
  projectTitle: string;
  taskType: TaskType;
  format: ExportFormat;
  /** The files' container: the card's data_files name the files the download serves. */
  container: ExportContainer;
  licence: string | null;
  /** ISO 639 code of the data ('en' unless the export request names one). */
  language: string;
  /** Rows per part written (`all`, or `train` + `validation`). */
  rows: Record<string, number>;
}

/** YAML scalars as JSON strings: JSON's double-quoted strings are valid YAML, so no text can break the block. */
const q = (text: string) => JSON.stringify(text);

/**
 * The card's `configs` data files: a split name and the file the download serves for it (`exportFileName`, so a
 * Parquet export names its `.parquet` files). An empty part has no rows for `datasets` to read, so only parts with
 * rows are named (train at least); `all` is the `train` split.
 */
export function listCardDataFiles(input: Pick<CardMetaInput, 'projectTitle' | 'format' | 'container' | 'rows'>): { split: string; path: string }[] {
  const parts = Object.keys(input.rows) as ExportPart[];
  const withRows = parts.filter((part) => input.rows[part] > 0);
  return (withRows.length > 0 ? withRows : parts.slice(0, 1)).map((part) => ({ split: part === 'all' ? 'train' : part, path: exportFileName({ projectTitle: input.projectTitle, format: input.format, container: input.container, part }) }));
}

export function buildCardFrontMatter(input: CardMetaInput): string {
  const parts = Object.keys(input.rows) as ExportPart[];
  const total = parts.reduce((sum, part) => sum + input.rows[part], 0);
  const { license, license_name } = toHubLicense(input.licence);
  const splits = listCardDataFiles(input);
  const tags = ['boltwork', 'human-feedback', ...(FORMAT_TAGS[input.format] ?? [])];
  return [
    '---',
    `license: ${q(license)}`,
    ...(license_name ? [`license_name: ${q(license_name)}`] : []),
    'language:',
    `- ${q(input.language)}`,
    'annotations_creators:',
    '- "crowdsourced"',
    'source_datasets:',
    '- "original"',
    'task_categories:',
    ...toTaskCategories(input.format, input.taskType).map((c) => `- ${q(c)}`),
    'size_categories:',
    `- ${q(toSizeCategory(total))}`,
    `pretty_name: ${q(input.projectTitle)}`,
    'tags:',
    ...tags.map((t) => `- ${q(t)}`),
    'configs:',
    '- config_name: "default"',
    '  data_files:',
    ...splits.flatMap((s) => [`  - split: ${q(s.split)}`, `    path: ${q(s.path)}`]),
    // A Parquet file carries its own schema, one for every part (parquet/schema.ts); a declaration could only
    // disagree with it (an always-empty `history` is list<string> there, list<list<string>> here: "Couldn't cast").
    ...(input.container === 'parquet' ? [] : toFeatureYaml(input.format, sourceFor(input.format, input.taskType), splits.length > 1)),
    '---',
    '',
  ].join('\n');
}
