// What the training formats do with a unit whose prompt or pair they can't hold. Isomorphic and pure.
// Upload refuses such items (lib/tasks/conversation.ts), so this is for items stored before those rules:
// - consecutive turns of one role are merged (a blank line between): no text is lost, the row is counted as normalised;
// - a prompt of another shape (system message after a turn, starting with the assistant, no user turn, ending with
//   the assistant) and a pair whose two sides are the same are left out of the format and counted by reason.
// - HH-RLHF only: a turn whose text holds "\n\nHuman:" or "\n\nAssistant:" would read as extra turns there (the
//   transcript's only structure is those markers), so such rows are left out of HH and counted.
// The counts go into the dataset card ("Left out of this format"), so nothing disappears silently.
import { findPromptProblem, isSameResponse, mergeSameRoleTurns, type PromptProblem } from '@/lib/tasks/conversation';
import type { Message } from './types';

export type LeftOutReason = PromptProblem | 'same_responses' | 'role_marker_in_text';

type FitUnit = { prompt: Message[]; chosen?: string; rejected?: string; completion?: string; counterpart?: string };
/** A format's own rule on top of the shared ones (HH-RLHF: no "\n\nHuman:" inside a turn). */
export type FormatCheck = (unit: FitUnit) => LeftOutReason | null;

export interface FitCounts {
  /** Rows left out of this format, by reason. */
  leftOut: Partial<Record<LeftOutReason, number>>;
  /** Rows whose prompt had consecutive same-role turns merged. */
  normalised: number;
}

export interface Fitter {
  counts: FitCounts;
  /** The unit with its prompt normalised, or null (counted) when the format can't hold it. */
  fit<U extends FitUnit>(unit: U): U | null;
}

export function createFitter(check?: FormatCheck): Fitter {
  const counts: FitCounts = { leftOut: {}, normalised: 0 };
  const leaveOut = (reason: LeftOutReason) => {
    counts.leftOut[reason] = (counts.leftOut[reason] ?? 0) + 1;
    return null;
  };
  return {
    counts,
    fit(unit) {
      const { messages, merged } = mergeSameRoleTurns(unit.prompt);
      const found = findPromptProblem(messages);
      if (found) return leaveOut(found.problem);
      const [a, b] = unit.counterpart !== undefined ? [unit.completion, unit.counterpart] : [unit.chosen, unit.rejected];
      if (a !== undefined && b !== undefined && isSameResponse(a, b)) return leaveOut('same_responses');
      const own = check?.(unit);
      if (own) return leaveOut(own);
      if (merged > 0) counts.normalised += 1;
      return { ...unit, prompt: messages };
    },
  };
}

const HH_MARKER = /\n\n(Human|Assistant):/;

/** HH-RLHF: the transcript's turns are found by their markers alone, so no text may contain one. */
export const checkHhMarkers: FormatCheck = (unit) => {
  const texts = [...unit.prompt.map((m) => m.content), unit.chosen ?? '', unit.rejected ?? ''];
  return texts.some((text) => HH_MARKER.test(text)) ? 'role_marker_in_text' : null;
};
