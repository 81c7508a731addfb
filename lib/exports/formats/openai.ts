// OpenAI fine-tuning files. Both are exact: the API refuses unknown keys, so no metadata is added.
import type { PreferencePair, SftExample } from './types';

/** Chat SFT: `{"messages":[...prompt, {"role":"assistant","content":...}]}`. */
export function toOpenAiSft(example: SftExample) {
  return { messages: [...example.prompt, { role: 'assistant' as const, content: example.completion }] };
}

/** Preference fine-tuning (DPO). */
export function toOpenAiDpo(pair: PreferencePair) {
  return {
    input: { messages: pair.prompt },
    preferred_output: [{ role: 'assistant' as const, content: pair.chosen }],
    non_preferred_output: [{ role: 'assistant' as const, content: pair.rejected }],
  };
}
