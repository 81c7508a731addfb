// Answers that could not be sent (offline, dropped connection) wait in localStorage until they can.
// The server records each assignment's answer once, so sending one twice is harmless.
export type PendingAnswer = { assignmentId: string; projectId: string; answer: unknown; savedAt: number };

const KEY = 'boltwork.pending-answers';
export const PENDING_CHANGED_EVENT = 'boltwork:pending-answers';

export function readPendingAnswers(): PendingAnswer[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingAnswer[]) : [];
  } catch {
    return [];
  }
}

function write(answers: PendingAnswer[]): void {
  localStorage.setItem(KEY, JSON.stringify(answers));
  window.dispatchEvent(new Event(PENDING_CHANGED_EVENT));
}

export function savePendingAnswer(answer: PendingAnswer): void {
  write([...readPendingAnswers().filter((a) => a.assignmentId !== answer.assignmentId), answer]);
}

export function removePendingAnswer(assignmentId: string): void {
  write(readPendingAnswers().filter((a) => a.assignmentId !== assignmentId));
}

/** True for the errors a lost connection produces, as opposed to an answer the server refused. */
export function isNetworkError(error: unknown): boolean {
  return !navigator.onLine || error instanceof TypeError;
}
