'use client';
import { useTranslations } from 'next-intl';
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { ExamOutcome } from '@/lib/workers/actions';
import { describeAnswer, describeItem } from '@/components/tasks/describe-answer';

/** The end of an onboarding exam: the score, and the right answers to the questions the worker missed. */
export function ExamResult({ exam, type, onContinue, disabled }: { exam: ExamOutcome; type: TaskType; onContinue: () => void; disabled: boolean }) {
  const t = useTranslations('worker.task');
  const passed = exam.status === 'PASSED';
  return (
    <section className="space-y-4" data-testid="exam-result">
      <p role="status" className={`rounded-2xl p-4 font-semibold ${passed ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200'}`}>
        {passed
          ? t('examPassed', { correct: exam.correct, total: exam.total })
          : t('examFailed', { correct: exam.correct, total: exam.total, passCount: exam.passCount })}
      </p>
      {exam.missed.length > 0 && (
        <div className="space-y-3">
          <h2 className="font-semibold">{t('examMissed')}</h2>
          {exam.missed.map((miss) => (
            <div key={miss.itemId} className="space-y-1 rounded-2xl border border-zinc-200 p-3 text-sm dark:border-zinc-800">
              <p className="line-clamp-3 text-zinc-600 dark:text-zinc-400">{describeItem(miss.payload)}</p>
              <p><span className="font-medium">{t('yourAnswer')}:</span> {describeAnswer(type, miss.answer)}</p>
              <p><span className="font-medium">{t('rightAnswer')}:</span> {describeAnswer(type, miss.goldAnswer)}</p>
            </div>
          ))}
        </div>
      )}
      {passed ? (
        <button type="button" onClick={onContinue} disabled={disabled} className="w-full rounded-xl bg-bolt-700 px-5 py-4 font-semibold text-white">
          {t('continue')}
        </button>
      ) : (
        <a href="/tasks" className="block w-full rounded-xl border border-zinc-300 px-5 py-4 text-center font-semibold dark:border-zinc-700">
          {t('backToProjects')}
        </a>
      )}
    </section>
  );
}
