'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  PENDING_CHANGED_EVENT,
  readPendingAnswers,
  removePendingAnswer,
} from '@/app/(worker)/tasks/[assignmentId]/_components/pending-answers';
import { submitAnswerAction } from '@/lib/workers/actions';

/**
 * Sends answers saved while offline as soon as the connection is back, from whatever page the worker
 * is on, and shows how many are still waiting.
 */
export function PendingSync() {
  const t = useTranslations('worker.task');
  const [count, setCount] = useState(0);
  const flushing = useRef(false);

  const flush = useCallback(async () => {
    if (flushing.current || !navigator.onLine) return;
    flushing.current = true;
    try {
      for (const pending of readPendingAnswers()) {
        try {
          await submitAnswerAction({ assignmentId: pending.assignmentId, answer: pending.answer, goToNext: false });
          // Refused answers (expired, invalid) are dropped too: retrying cannot change the outcome.
          removePendingAnswer(pending.assignmentId);
        } catch {
          break; // still offline; the next 'online' event retries
        }
      }
    } finally {
      flushing.current = false;
      setCount(readPendingAnswers().length);
    }
  }, []);

  useEffect(() => {
    const update = () => setCount(readPendingAnswers().length);
    const onOnline = () => void flush();
    update();
    void flush();
    window.addEventListener(PENDING_CHANGED_EVENT, update);
    window.addEventListener('online', onOnline);
    const timer = setInterval(() => void flush(), 15000);
    return () => {
      window.removeEventListener(PENDING_CHANGED_EVENT, update);
      window.removeEventListener('online', onOnline);
      clearInterval(timer);
    };
  }, [flush]);

  if (count === 0) return null;
  return (
    <p role="status" data-testid="pending-sync" className="mb-3 rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {t('pendingSync', { count })}
    </p>
  );
}
