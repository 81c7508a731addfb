// The export formats: what each one is, which task types it fits, and how one unit becomes one line.
// Isomorphic: the export form lists `formatsFor(taskType)` with each format's description.
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { toAggregatedCsvValues, aggregatedCsvHeader, toAggregatedRecord } from './aggregated';
import { toAlpacaPreference, toAlpacaSft } from './alpaca';
import { toCsvLine } from './csv';
import { checkHhMarkers, createFitter, type FitCounts } from './fit';
import { toHhRlhf } from './hh-rlhf';
import { toOpenAiDpo, toOpenAiSft } from './openai';
import { rawCsvHeader, toRawCsvValues, toRawRecord } from './raw';
import { toShareGptPreference, toShareGptSft } from './sharegpt';
import { toTrlKto, toTrlPreference, toTrlPreferenceConversational } from './trl';
import { isTreeFormat } from './trees';
import type { AggregatedItem, KtoExample, PreferencePair, RawJudgmentRow, SftExample } from './types';

export type * from './types';
export type { FitCounts, LeftOutReason } from './fit';
export { isTreeFormat, toTreeLines, treeFormats, type TreeFormat, type TreeLines } from './trees';

const ALL: readonly TaskType[] = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'];
const PREFERENCE: readonly TaskType[] = ['PAIRWISE', 'RANKING'];
const SFT: readonly TaskType[] = ['WRITING', 'PAIRWISE', 'RANKING'];

export interface FormatInfo {
  label: string;
  description: string;
  extension: 'jsonl' | 'csv';
  taskTypes: readonly TaskType[];
  /** Conversation-tree projects only (their WRITING tasks are tree tasks, whose items say nothing alone). */
  isTreeOnly?: true;
}

export const formatCatalog: Record<ExportFormat, FormatInfo> = {
  RAW_JSONL: { label: 'Raw judgments (JSONL)', description: 'One line per judgment with the item payload, pseudonymous worker ids and shown order.', extension: 'jsonl', taskTypes: ALL },
  RAW_CSV: { label: 'Raw judgments (CSV)', description: 'One row per judgment, without the item payload.', extension: 'csv', taskTypes: ALL },
  AGGREGATED_JSONL: { label: 'Aggregated labels (JSONL)', description: 'One line per item: the aggregated answer, method, confidence and agreement.', extension: 'jsonl', taskTypes: ALL },
  AGGREGATED_CSV: { label: 'Aggregated labels (CSV)', description: 'One row per item: the aggregated answer, method, confidence and agreement.', extension: 'csv', taskTypes: ALL },
  OPENAI_SFT: { label: 'OpenAI chat fine-tuning', description: '{"messages": [...]} with the written answer or the winning response as the assistant turn.', extension: 'jsonl', taskTypes: SFT },
  OPENAI_DPO: { label: 'OpenAI preference (DPO)', description: 'input.messages with preferred_output and non_preferred_output, exactly as the API expects.', extension: 'jsonl', taskTypes: PREFERENCE },
  TRL_PREFERENCE: { label: 'TRL preference', description: 'prompt, chosen, rejected as strings (DPOTrainer, RewardTrainer).', extension: 'jsonl', taskTypes: PREFERENCE },
  TRL_PREFERENCE_CONVERSATIONAL: { label: 'TRL preference (conversational)', description: 'prompt, chosen, rejected as lists of {role, content}.', extension: 'jsonl', taskTypes: PREFERENCE },
  TRL_KTO: { label: 'TRL unpaired preference (KTO)', description: 'prompt, completion and a true/false label: the best response is desirable, the worst is not.', extension: 'jsonl', taskTypes: PREFERENCE },
  HH_RLHF: { label: 'Anthropic HH-RLHF', description: 'chosen and rejected as full "Human: / Assistant:" transcripts.', extension: 'jsonl', taskTypes: PREFERENCE },
  ALPACA: { label: 'Alpaca', description: 'instruction, input, output (written answers) or chosen/rejected (preferences).', extension: 'jsonl', taskTypes: SFT },
  SHAREGPT: { label: 'ShareGPT', description: 'conversations of {from, value}; preferences add chosen and rejected turns.', extension: 'jsonl', taskTypes: SFT },
  OASST_TREES: { label: 'OpenAssistant trees', description: 'One conversation tree per line in oasst\'s export shape: nested replies with reviews, labels, ranks and pseudonymous authors; pruned messages kept as deleted.', extension: 'jsonl', taskTypes: ['WRITING'], isTreeOnly: true },
  TREE_SFT: { label: 'Best-path conversations (SFT)', description: '{"messages": [...]} per tree along the best-ranked reply at each turn, ending with the assistant (TRL SFTTrainer, OpenAI chat fine-tuning).', extension: 'jsonl', taskTypes: ['WRITING'], isTreeOnly: true },
  TREE_DPO: { label: 'Ranked reply pairs (TRL DPO)', description: 'TRL conversational preference: the conversation so far as prompt, the better- and worse-ranked sibling assistant replies as chosen and rejected.', extension: 'jsonl', taskTypes: ['WRITING'], isTreeOnly: true },
};

/** Of the per-item formats, a tree project keeps the raw judgments: its items are tree tasks, not examples. */
const TREE_PROJECT_ITEM_FORMATS: readonly ExportFormat[] = ['RAW_JSONL', 'RAW_CSV'];

/** The formats that fit a project: by task type, or for a conversation-tree project the tree formats and raw judgments. */
export function formatsFor(taskType: TaskType, isTreeProject = false): ExportFormat[] {
  const fits = (Object.keys(formatCatalog) as ExportFormat[]).filter((f) => isFormatFor(f, taskType, isTreeProject));
  // A tree project's own formats come first (the form preselects the first).
  return isTreeProject ? [...fits.filter(isTreeFormat), ...fits.filter((f) => !isTreeFormat(f))] : fits;
}

export function isFormatFor(format: ExportFormat, taskType: TaskType, isTreeProject = false): boolean {
  if (isTreeProject) return formatCatalog[format].isTreeOnly === true || TREE_PROJECT_ITEM_FORMATS.includes(format);
  return formatCatalog[format].isTreeOnly !== true && formatCatalog[format].taskTypes.includes(taskType);
}

/** What a format is built from: judgments, per-item aggregates, SFT examples, preference pairs, KTO examples, or trees. */
export type FormatSource = 'raw' | 'aggregated' | 'sft' | 'preference' | 'kto' | 'tree';

/** The units createLineEncoder encodes (a tree is encoded by toTreeLines: one tree gives many lines). */
export type SourceUnit = {
  raw: RawJudgmentRow;
  aggregated: AggregatedItem;
  sft: SftExample;
  preference: PreferencePair;
  kto: KtoExample;
};

export function sourceFor(format: ExportFormat, taskType: TaskType): FormatSource {
  if (isTreeFormat(format)) return 'tree';
  switch (format) {
    case 'RAW_JSONL':
    case 'RAW_CSV':
      return 'raw';
    case 'AGGREGATED_JSONL':
    case 'AGGREGATED_CSV':
      return 'aggregated';
    case 'OPENAI_SFT':
      return 'sft';
    case 'TRL_KTO':
      return 'kto';
    case 'ALPACA':
    case 'SHAREGPT':
      return taskType === 'WRITING' ? 'sft' : 'preference';
    default:
      return 'preference';
  }
}

export interface LineEncoder {
  source: Exclude<FormatSource, 'tree'>;
  /** The CSV header line, null for JSONL. */
  header: string | null;
  /** One line, or '' when the format can't hold the unit (then counted in `fitCounts`). */
  encode(unit: SourceUnit[keyof SourceUnit]): string;
  /** Training formats: rows left out by reason and rows normalised (fit.ts); null for raw and aggregated formats. */
  fitCounts: FitCounts | null;
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

/** One line (with its line ending) per unit; training formats first pass each unit through fit.ts. */
export function createLineEncoder(format: ExportFormat, taskType: TaskType): LineEncoder {
  const source = sourceFor(format, taskType);
  if (source === 'tree') throw new Error(`${format} is written tree by tree (toTreeLines), not unit by unit`);
  const isTraining = source !== 'raw' && source !== 'aggregated';
  const fitter = isTraining ? createFitter(format === 'HH_RLHF' ? checkHhMarkers : undefined) : null;
  const as = <S extends keyof SourceUnit>(fn: (unit: SourceUnit[S]) => string) => fn as (unit: SourceUnit[keyof SourceUnit]) => string;
  const make = (encode: (unit: SourceUnit[keyof SourceUnit]) => string, header: string | null = null): LineEncoder => ({
    source,
    header,
    fitCounts: fitter?.counts ?? null,
    encode: fitter
      ? (unit) => {
          const fitted = fitter.fit(unit as SourceUnit['sft' | 'preference' | 'kto']);
          return fitted ? encode(fitted) : '';
        }
      : encode,
  });
  switch (format) {
    case 'RAW_JSONL':
      return make(as<'raw'>((row) => json(toRawRecord(row))));
    case 'RAW_CSV':
      return make(as<'raw'>((row) => toCsvLine(toRawCsvValues(row))), toCsvLine(rawCsvHeader));
    case 'AGGREGATED_JSONL':
      return make(as<'aggregated'>((item) => json(toAggregatedRecord(item))));
    case 'AGGREGATED_CSV':
      return make(as<'aggregated'>((item) => toCsvLine(toAggregatedCsvValues(item))), toCsvLine(aggregatedCsvHeader));
    case 'OPENAI_SFT':
      return make(as<'sft'>((e) => json(toOpenAiSft(e))));
    case 'OPENAI_DPO':
      return make(as<'preference'>((p) => json(toOpenAiDpo(p))));
    case 'TRL_PREFERENCE':
      return make(as<'preference'>((p) => json(toTrlPreference(p))));
    case 'TRL_PREFERENCE_CONVERSATIONAL':
      return make(as<'preference'>((p) => json(toTrlPreferenceConversational(p))));
    case 'TRL_KTO':
      return make(as<'kto'>((e) => json(toTrlKto(e))));
    case 'HH_RLHF':
      return make(as<'preference'>((p) => json(toHhRlhf(p))));
    case 'ALPACA':
      return source === 'sft' ? make(as<'sft'>((e) => json(toAlpacaSft(e)))) : make(as<'preference'>((p) => json(toAlpacaPreference(p))));
    case 'SHAREGPT':
      return source === 'sft' ? make(as<'sft'>((e) => json(toShareGptSft(e)))) : make(as<'preference'>((p) => json(toShareGptPreference(p))));
    default:
      throw new Error(`no line encoder for ${format}`);
  }
}
