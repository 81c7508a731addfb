'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { flushPendingAnswers, IN_FLIGHT_MS, PENDING_CHANGED_EVENT, readPendingAnswers } from '@/app/(worker)/tasks/[assignmentId]/_components/pending-answers';
import { submitAnswerAction } from '@/lib/workers/actions';

/** Answers still waiting: those the task loop sent a moment ago are in flight, not waiting, unless the phone is offline. */
const countWaiting = () => readPendingAnswers().filter((answer) => !navigator.onLine || Date.now() - answer.savedAt > IN_FLIGHT_MS).length;

/**
 * Sends answers kept on the phone (saved while offline, or sent by the task loop and lost with the page) as soon as
 * the connection is back, from whatever page the worker is on, and shows how many are still waiting.
 */
export function PendingSync() {
  const t = useTranslations('worker.task');
  const [count, setCount] = useState(0);

  const flush = useCallback(async () => {
    if (!navigator.onLine) return;
    await flushPendingAnswers((pending) => submitAnswerAction({ assignmentId: pending.assignmentId, answer: pending.answer }), { olderThanMs: IN_FLIGHT_MS });
    setCount(countWaiting());
  }, []);

  useEffect(() => {
    const update = () => setCount(countWaiting());
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
