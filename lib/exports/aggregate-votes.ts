// What the categorical aggregators read from a stored answer. Pure; shared by the per-page path and the
// whole-project fit so both see exactly the same votes.

type Rec = Record<string, unknown>;
export const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** CLASSIFICATION: the chosen label (unsure/flagged answers have none). */
export function toClassificationLabel(answer: unknown): string | null {
  return isRecord(answer) && typeof answer.label === 'string' ? answer.label : null;
}

/** MULTI_LABEL: the selected labels, or null for a flagged/malformed answer (it votes on no label). */
export function toMultiLabelSelection(answer: unknown): string[] | null {
  if (!isRecord(answer) || !Array.isArray(answer.labels) || answer.flag !== undefined) return null;
  return answer.labels.filter((l): l is string => typeof l === 'string');
}
