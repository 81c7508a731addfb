import type { TaskType } from '@/lib/generated/prisma/enums';

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const letter = (index: number) => String.fromCharCode(65 + index);

/** A short plain-text version of a canonical answer, for the exam feedback. */
export function describeAnswer(type: TaskType, answer: unknown): string {
  const a = asRecord(answer);
  switch (type) {
    case 'CLASSIFICATION':
      return typeof a.label === 'string' ? a.label : a.unsure ? 'unsure' : String(a.flag ?? '—');
    case 'MULTI_LABEL':
      return Array.isArray(a.labels) && a.labels.length ? a.labels.join(', ') : '—';
    case 'PAIRWISE': {
      const choice = a.choice === 'A' || a.choice === 'B' ? `Response ${a.choice}` : a.choice === 'both_bad' ? 'Both bad' : a.choice === 'tie' ? 'Tie' : '—';
      return typeof a.strength === 'string' ? `${choice} (${a.strength} better)` : choice;
    }
    case 'RANKING':
      return Array.isArray(a.ranking)
        ? a.ranking.map((group) => (Array.isArray(group) ? group.map((i) => letter(Number(i))).join(' = ') : '')).join(' > ')
        : '—';
    case 'RATING':
      return Object.entries(asRecord(a.scores))
        .map(([criterion, score]) => `${criterion}: ${String(score)}`)
        .join(', ');
    default:
      return typeof a.text === 'string' ? a.text : '—';
  }
}

/** The written reason an answer carries (pairwise rationale, a flag's note), or null. */
export function answerRationale(answer: unknown): string | null {
  const a = asRecord(answer);
  const text = [a.rationale, a.reason, a.note].find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof text === 'string' ? text : null;
}

/** The start of the item's text or prompt, so the worker knows which question is meant. */
export function describeItem(payload: unknown): string {
  const p = asRecord(payload);
  const conversation = Array.isArray(p.conversation) ? p.conversation : [];
  const lastTurn = asRecord(conversation[conversation.length - 1]);
  const text = [p.title, p.text, p.prompt, lastTurn.content].find((v) => typeof v === 'string');
  return typeof text === 'string' ? text.slice(0, 240) : '';
}
