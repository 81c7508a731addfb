// Alpaca (with LLaMA-Factory's `system`/`history` for conversations).
// SFT: instruction/input/output; preference: instruction/input/chosen/rejected. `system` ("" when none) and
// `history` ([] when none) are on every row: `datasets` refuses a split whose columns differ from another's.
import { toAlpacaParts } from './prompt';
import type { PreferencePair, SftExample } from './types';

export function toAlpacaSft(example: SftExample) {
  const { instruction, system, history } = toAlpacaParts(example.prompt);
  return {
    instruction,
    input: example.draft ?? '',
    output: example.completion,
    system: system ?? '',
    history: history ?? [],
  };
}

export function toAlpacaPreference(pair: PreferencePair) {
  const { instruction, system, history } = toAlpacaParts(pair.prompt);
  return {
    instruction,
    input: '',
    chosen: pair.chosen,
    rejected: pair.rejected,
    system: system ?? '',
    history: history ?? [],
    metadata: { item_id: pair.externalId, k: pair.k, chosen_rank: pair.chosenRank, rejected_rank: pair.rejectedRank },
  };
}
