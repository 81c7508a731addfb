// Answers that could not be sent (offline, dropped connection) wait in localStorage until they can.
// The server records each assignment's answer once, so sending one twice is harmless.
export type PendingAnswer = { assignmentId: string; projectId: string; answer: unknown; savedAt: number };

const KEY = 'boltwork.pending-answers';
export const PENDING_CHANGED_EVENT = 'boltwork:pending-answers';

/** An answer the task loop has just sent is in flight, not lost: PendingSync leaves it alone this long. */
export const IN_FLIGHT_MS = 10_000;

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

let flushing: Promise<unknown> = Promise.resolve();

/**
 * Sends every answer kept on the phone (older than `olderThanMs`), oldest first, and forgets each one the server
 * has answered for (a refused answer too: retrying cannot change that). Stops at the first network error. Calls
 * run one after another, never side by side. Resolves true when none of those it looked at is left waiting.
 */
export function flushPendingAnswers(send: (answer: PendingAnswer) => Promise<unknown>, options: { olderThanMs?: number } = {}): Promise<boolean> {
  const run = flushing.then(async () => {
    const cutoff = Date.now() - (options.olderThanMs ?? 0);
    for (const pending of readPendingAnswers().filter((answer) => answer.savedAt <= cutoff)) {
      try {
        await send(pending);
        removePendingAnswer(pending.assignmentId);
      } catch {
        return false; // still offline (the 'online' event can come before the network does): retried later
      }
    }
    return true;
  });
  flushing = run.catch(() => {});
  return run;
}
