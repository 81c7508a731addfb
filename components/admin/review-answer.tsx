// One worker's answer in the review screens, as a reviewer reads it: the choice in words (with its strength), the
// full ranking or every score, the written reason, and the raw answer folded.
import { answerRationale, describeAnswer } from '@/components/tasks/describe-answer';
import { ScrollPre } from '@/components/ui/scroll-region';
import type { TaskType } from '@/lib/generated/prisma/enums';

export function ReviewAnswer({ taskType, answer }: { taskType: TaskType; answer: unknown }) {
  const text = taskType === 'WRITING' && answer && typeof answer === 'object' && 'text' in answer ? String(answer.text) : null;
  const rationale = answerRationale(answer);
  return (
    <div className="space-y-1">
      {text === null && <p dir="auto" className="font-semibold break-words" data-testid="review-answer">{describeAnswer(taskType, answer)}</p>}
      {/* Worker text is shown as plain text (React escapes it), never as HTML or markdown. */}
      {text !== null && <p dir="auto" className="whitespace-pre-wrap break-words rounded-lg bg-zinc-50 p-2 text-sm dark:bg-zinc-900">{text}</p>}
      {rationale !== null && (
        <p dir="auto" className="whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300" data-testid="review-rationale">
          Reason given: {rationale}
        </p>
      )}
      <details>
        <summary className="cursor-pointer text-xs text-zinc-500">Raw answer</summary>
        <ScrollPre className="max-h-40 overflow-auto rounded-lg bg-zinc-50 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(answer, null, 2)}</ScrollPre>
      </details>
    </div>
  );
}

export function formatTrust(score: number): string {
  return `trust ${Math.round(score * 100)}%`;
}

export function formatDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
