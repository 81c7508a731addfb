// The column types of each training format, for the card's `dataset_info.features`. `datasets` infers a schema per
// file otherwise, and fails to load a split whose rows differ from the first file's (an empty `history` list in
// train is list<null>, a filled one in validation list<list<string>>: "Couldn't cast"). Declared, every split is
// read with the same schema. Raw and aggregated JSONL carry free-form values (answer, payload, label, details): their
// fixed columns are typed and the free-form ones are `json` (datasets ≥ 5's `Json()` feature, each value read back as
// it was written), declared only for a split, where two files must agree (a `gold_correct` that is null in every row
// of train is a null column there and a bool in validation: "Couldn't cast array of type bool to null"). `datasets`
// refuses a partial declaration ("column names don't match"), so it is every column or none. Pure.
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import type { FormatSource } from './formats';

type Feature = 'string' | 'int64' | 'float64' | 'bool' | 'json' | { list: Fields } | { struct: Fields } | { sequence: Feature };
type Fields = [string, Feature][];

const chat: Feature = { list: [['role', 'string'], ['content', 'string']] };
const turn: Fields = [['from', 'string'], ['value', 'string']];
const pairMetadata: Feature = { struct: [['item_id', 'string'], ['k', 'int64'], ['chosen_rank', 'int64'], ['rejected_rank', 'int64']] };
const treePairMetadata: Feature = {
  struct: [
    ['message_tree_id', 'string'], ['parent_id', 'string'], ['chosen_id', 'string'], ['rejected_id', 'string'],
    ['k', 'int64'], ['chosen_rank', 'int64'], ['rejected_rank', 'int64'],
  ],
};
const alpacaContext: Fields = [['system', 'string'], ['history', { sequence: { sequence: 'string' } }]];
/** The columns lib/exports/formats/raw.ts and aggregated.ts write, in their order. */
const rawJudgment: Fields = [
  ['judgment_id', 'string'], ['item_id', 'string'], ['worker_id', 'string'], ['answer', 'json'], ['shown_order', 'json'], ['duration_ms', 'int64'],
  ['is_gold', 'bool'], ['gold_correct', 'bool'], ['status', 'string'], ['created_at', 'string'], ['payload', 'json'],
];
const aggregatedItem: Fields = [
  ['item_id', 'string'], ['label', 'json'], ['method', 'string'], ['confidence', 'float64'], ['n_judgments', 'int64'], ['agreement', 'float64'],
  ['is_gold', 'bool'], ['details', 'json'], ['payload', 'json'],
];

/** Columns in the order the rows write them; `isSplit` declares the free-form formats' columns too (see above). */
export function featuresOf(format: ExportFormat, source: FormatSource, isSplit = true): Fields | null {
  switch (format) {
    case 'RAW_JSONL':
      return isSplit ? rawJudgment : null;
    case 'AGGREGATED_JSONL':
      return isSplit ? aggregatedItem : null;
    case 'OPENAI_SFT':
      return [['messages', chat]];
    case 'OPENAI_DPO':
      return [['input', { struct: [['messages', chat]] }], ['preferred_output', chat], ['non_preferred_output', chat]];
    case 'TRL_PREFERENCE':
      return [['prompt', 'string'], ['chosen', 'string'], ['rejected', 'string'], ['metadata', pairMetadata]];
    case 'TRL_PREFERENCE_CONVERSATIONAL':
      return [['prompt', chat], ['chosen', chat], ['rejected', chat], ['metadata', pairMetadata]];
    case 'TRL_KTO':
      return [['prompt', 'string'], ['completion', 'string'], ['label', 'bool'], ['metadata', { struct: [['item_id', 'string']] }]];
    case 'HH_RLHF':
      return [['chosen', 'string'], ['rejected', 'string']];
    case 'TREE_SFT':
      return [['messages', chat]];
    case 'TREE_DPO':
      return [['prompt', chat], ['chosen', chat], ['rejected', chat], ['metadata', treePairMetadata]];
    case 'ALPACA':
      return source === 'sft'
        ? [['instruction', 'string'], ['input', 'string'], ['output', 'string'], ...alpacaContext]
        : [['instruction', 'string'], ['input', 'string'], ['chosen', 'string'], ['rejected', 'string'], ...alpacaContext, ['metadata', pairMetadata]];
    case 'SHAREGPT':
      return source === 'sft'
        ? [['conversations', { list: turn }]]
        : [['conversations', { list: turn }], ['chosen', { struct: turn }], ['rejected', { struct: turn }], ['metadata', pairMetadata]];
    default:
      return null;
  }
}

const q = (text: string) => JSON.stringify(text);
const indent = (lines: string[]) => lines.map((line) => `  ${line}`);

/** The Hub's YAML for one feature body: `dtype`, `list`/`struct` of named fields, or `sequence`. */
function bodyLines(feature: Feature): string[] {
  if (typeof feature === 'string') return [`dtype: ${q(feature)}`];
  if ('list' in feature) return ['list:', ...feature.list.flatMap(([name, f]) => fieldLines(name, f))];
  if ('struct' in feature) return ['struct:', ...feature.struct.flatMap(([name, f]) => fieldLines(name, f))];
  const inner = feature.sequence;
  return typeof inner === 'string' ? [`sequence: ${q(inner)}`] : ['sequence:', ...indent(bodyLines(inner))];
}

function fieldLines(name: string, feature: Feature): string[] {
  return [`- name: ${q(name)}`, ...indent(bodyLines(feature))];
}

/** `dataset_info:` with `features:`, or nothing for formats without a fixed schema. */
export function toFeatureYaml(format: ExportFormat, source: FormatSource, isSplit: boolean): string[] {
  const fields = featuresOf(format, source, isSplit);
  return fields ? ['dataset_info:', '  features:', ...indent(indent(fields.flatMap(([name, f]) => fieldLines(name, f))))] : [];
}
