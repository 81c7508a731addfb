// The intermediate shapes every output format is built from. Isomorphic and pure.
import type { Message } from '@/lib/tasks';

export type { Message };

/** A preference between two responses to the same prompt (a PAIRWISE winner, or one pair split from a ranking). */
export interface PreferencePair {
  externalId: string;
  /** The prompt as chat messages (conversation, then the prompt as the last user message). */
  prompt: Message[];
  chosen: string;
  rejected: string;
  /** Responses ranked (2 for PAIRWISE) and the 1-based places of both sides. */
  k: number;
  chosenRank: number;
  rejectedRank: number;
}

/** One supervised example: a prompt and the response to learn (a written text or a winning response). */
export interface SftExample {
  externalId: string;
  prompt: Message[];
  completion: string;
  /** WRITING in rewrite mode: the draft that was rewritten. */
  draft?: string;
}

/** KTO's unpaired example: a response marked desirable or not. */
export interface KtoExample {
  externalId: string;
  prompt: Message[];
  completion: string;
  label: boolean;
  /** The opposite side's text (the worst response for a desirable row, the best for an undesirable one). */
  counterpart?: string;
}

/** One item's aggregated answer (AGGREGATED_* formats). */
export interface AggregatedItem {
  externalId: string;
  isGold: boolean;
  /** Type-specific: a label, a label list, a choice, a ranking (response indices best first), mean scores, texts. */
  label: unknown;
  method: 'dawid_skene' | 'bayesian_dawid_skene' | 'mace' | 'majority' | 'bradley_terry' | 'mean' | 'approved_texts' | 'none';
  confidence: number | null;
  judgments: number;
  agreement: number | null;
  /** Extra figures (vote counts, BT scores, medians...). */
  details: Record<string, unknown>;
  payload: unknown;
}

/** One raw judgment row (RAW_* formats). */
export interface RawJudgmentRow {
  id: string;
  itemId: string;
  workerId: string;
  answer: unknown;
  shownOrder: number[] | null;
  durationMs: number;
  isGold: boolean;
  goldCorrect: boolean | null;
  status: string;
  createdAt: string;
  payload: unknown;
}
