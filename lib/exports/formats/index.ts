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
import type { AggregatedItem, KtoExample, PreferencePair, RawJudgmentRow, SftExample } from './types';

export type * from './types';
export type { FitCounts, LeftOutReason } from './fit';

const ALL: readonly TaskType[] = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'];
const PREFERENCE: readonly TaskType[] = ['PAIRWISE', 'RANKING'];
const SFT: readonly TaskType[] = ['WRITING', 'PAIRWISE', 'RANKING'];

export interface FormatInfo {
  label: string;
  description: string;
  extension: 'jsonl' | 'csv';
  taskTypes: readonly TaskType[];
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
};

export function formatsFor(taskType: TaskType): ExportFormat[] {
  return (Object.keys(formatCatalog) as ExportFormat[]).filter((f) => formatCatalog[f].taskTypes.includes(taskType));
}

export function isFormatFor(format: ExportFormat, taskType: TaskType): boolean {
  return formatCatalog[format].taskTypes.includes(taskType);
}

/** What a format is built from: judgments, per-item aggregates, SFT examples, preference pairs or KTO examples. */
export type FormatSource = 'raw' | 'aggregated' | 'sft' | 'preference' | 'kto';

export type SourceUnit = {
  raw: RawJudgmentRow;
  aggregated: AggregatedItem;
  sft: SftExample;
  preference: PreferencePair;
  kto: KtoExample;
};

export function sourceFor(format: ExportFormat, taskType: TaskType): FormatSource {
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
  source: FormatSource;
  /** The CSV header line, null for JSONL. */
  header: string | null;
  /** One line, or '' when the format can't hold the unit (then counted in `fitCounts`). */
  encode(unit: SourceUnit[FormatSource]): string;
  /** Training formats: rows left out by reason and rows normalised (fit.ts); null for raw and aggregated formats. */
  fitCounts: FitCounts | null;
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

/** One line (with its line ending) per unit; training formats first pass each unit through fit.ts. */
export function createLineEncoder(format: ExportFormat, taskType: TaskType): LineEncoder {
  const source = sourceFor(format, taskType);
  const isTraining = source !== 'raw' && source !== 'aggregated';
  const fitter = isTraining ? createFitter(format === 'HH_RLHF' ? checkHhMarkers : undefined) : null;
  const as = <S extends FormatSource>(fn: (unit: SourceUnit[S]) => string) => fn as (unit: SourceUnit[FormatSource]) => string;
  const make = (encode: (unit: SourceUnit[FormatSource]) => string, header: string | null = null): LineEncoder => ({
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
  }
}
