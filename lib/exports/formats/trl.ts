// Hugging Face TRL dataset formats. Extra columns are allowed there, so each row carries `metadata`
// (item id, and for pairs split from a ranking the number of responses k and both places) for filtering.
import { toPromptText } from './prompt';
import type { KtoExample, PreferencePair } from './types';

function pairMetadata(pair: PreferencePair) {
  return { item_id: pair.externalId, k: pair.k, chosen_rank: pair.chosenRank, rejected_rank: pair.rejectedRank };
}

/** Standard preference: `prompt`, `chosen`, `rejected` strings. */
export function toTrlPreference(pair: PreferencePair) {
  return { prompt: toPromptText(pair.prompt), chosen: pair.chosen, rejected: pair.rejected, metadata: pairMetadata(pair) };
}

/** Conversational preference: the prompt as messages, chosen/rejected as one assistant message each. */
export function toTrlPreferenceConversational(pair: PreferencePair) {
  return {
    prompt: pair.prompt,
    chosen: [{ role: 'assistant' as const, content: pair.chosen }],
    rejected: [{ role: 'assistant' as const, content: pair.rejected }],
    metadata: pairMetadata(pair),
  };
}

/** Unpaired preference (KTO): `prompt`, `completion`, `label` (true = desirable). */
export function toTrlKto(example: KtoExample) {
  return {
    prompt: toPromptText(example.prompt),
    completion: example.completion,
    label: example.label,
    metadata: { item_id: example.externalId },
  };
}
