// Hugging Face TRL dataset formats. Extra columns are allowed there, so each row carries `metadata`
// (item id, and for pairs split from a ranking the number of responses k and both places) for filtering.
// Standard (string) rows carry the prompt/completion boundary themselves: see `toPromptText` in prompt.ts.
import { toPromptText, toTrlCompletion } from './prompt';
import type { KtoExample, PreferencePair } from './types';

function pairMetadata(pair: PreferencePair) {
  return { item_id: pair.externalId, k: pair.k, chosen_rank: pair.chosenRank, rejected_rank: pair.rejectedRank };
}

/** Standard preference: `prompt` ending in "\n\nAssistant:", `chosen`/`rejected` starting with a space. */
export function toTrlPreference(pair: PreferencePair) {
  return {
    prompt: toPromptText(pair.prompt),
    chosen: toTrlCompletion(pair.chosen),
    rejected: toTrlCompletion(pair.rejected),
    metadata: pairMetadata(pair),
  };
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

/** Unpaired preference (KTO): `prompt`, `completion`, `label` (true = desirable), the boundary as above. */
export function toTrlKto(example: KtoExample) {
  return {
    prompt: toPromptText(example.prompt),
    completion: toTrlCompletion(example.completion),
    label: example.label,
    metadata: { item_id: example.externalId },
  };
}
