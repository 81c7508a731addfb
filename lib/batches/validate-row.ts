// Task-type validation of one uploaded row: the payload always (with the shape rules of the training formats), the
// gold answer in gold batches. Pure.
import { AppError } from '@/lib/errors';
import { containsNul, NUL_MESSAGE } from '@/lib/http/nul';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { assertTrainable, parseGoldAnswer, parsePayload } from '@/lib/tasks';
import type { RowInput } from './rows';

export interface RowRules {
  taskType: TaskType;
  typeConfig: unknown;
  isGold: boolean;
}

/** The validated payload and gold answer as JSON text, ready to insert. Throws INVALID_INPUT with a safe message. */
export function validateRow(rules: RowRules, row: RowInput): { payloadJson: string; goldJson: string | null } {
  if (containsNul(row)) throw new AppError('INVALID_INPUT', NUL_MESSAGE);
  const payload = parsePayload(rules.taskType, row.payload, rules.typeConfig);
  // Only at upload: items stored before these rules must still parse when a worker answers them.
  assertTrainable(rules.taskType, payload);
  const hasGold = row.gold !== undefined && row.gold !== null;
  if (rules.isGold && !hasGold) throw new AppError('INVALID_INPUT', 'a gold answer ("gold") is required in a gold batch');
  if (!rules.isGold && hasGold) {
    throw new AppError('INVALID_INPUT', 'this row has a gold answer: upload the file as gold items, or remove "gold"');
  }
  const gold = hasGold ? parseGoldAnswer(rules.taskType, rules.typeConfig, row.payload, row.gold) : null;
  return { payloadJson: JSON.stringify(payload), goldJson: gold === null ? null : JSON.stringify(gold) };
}
