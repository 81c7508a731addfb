// RAW_JSONL / RAW_CSV: one row per judgment. Answers are canonical ('A' = responses[0]); shown_order says what the
// worker saw (shown position i held response shown_order[i]).
import type { RawJudgmentRow } from './types';

export function toRawRecord(row: RawJudgmentRow) {
  return {
    judgment_id: row.id,
    item_id: row.itemId,
    worker_id: row.workerId,
    answer: row.answer,
    shown_order: row.shownOrder,
    duration_ms: row.durationMs,
    is_gold: row.isGold,
    gold_correct: row.goldCorrect,
    status: row.status,
    created_at: row.createdAt,
    payload: row.payload,
  };
}

/** CSV columns: the JSONL fields without the payload; answer and shown_order are JSON text. */
export const rawCsvHeader = [
  'judgment_id',
  'item_id',
  'worker_id',
  'answer',
  'shown_order',
  'duration_ms',
  'is_gold',
  'gold_correct',
  'status',
  'created_at',
] as const;

export function toRawCsvValues(row: RawJudgmentRow): unknown[] {
  return [
    row.id,
    row.itemId,
    row.workerId,
    JSON.stringify(row.answer),
    row.shownOrder === null ? '' : JSON.stringify(row.shownOrder),
    row.durationMs,
    row.isGold,
    row.goldCorrect,
    row.status,
    row.createdAt,
  ];
}
