// AGGREGATED_JSONL / AGGREGATED_CSV: one row per item with its aggregated answer.
import type { AggregatedItem } from './types';

export function toAggregatedRecord(item: AggregatedItem) {
  return {
    item_id: item.externalId,
    label: item.label,
    method: item.method,
    confidence: item.confidence,
    n_judgments: item.judgments,
    agreement: item.agreement,
    is_gold: item.isGold,
    details: item.details,
    payload: item.payload,
  };
}

export const aggregatedCsvHeader = [
  'item_id',
  'label',
  'method',
  'confidence',
  'n_judgments',
  'agreement',
  'is_gold',
  'details',
] as const;

export function toAggregatedCsvValues(item: AggregatedItem): unknown[] {
  return [
    item.externalId,
    typeof item.label === 'string' ? item.label : JSON.stringify(item.label),
    item.method,
    item.confidence,
    item.judgments,
    item.agreement,
    item.isGold,
    JSON.stringify(item.details),
  ];
}
