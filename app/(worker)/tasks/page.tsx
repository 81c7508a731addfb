import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Stat } from '@/components/ui/stat';
import { LanguageSwitch } from '@/components/worker/language-switch';
import { StartProjectButton } from '@/components/worker/start-project-button';
import { requirePageRole } from '@/lib/auth/viewer';
import { isLocale } from '@/lib/i18n/locales';
import { formatSats } from '@/lib/ledger/money';
import { getWorkerHome } from '@/lib/workers/queries';

export const metadata: Metadata = { title: 'Tasks' };

export default async function TasksPage() {
  // Layout and page render in parallel: the page checks too, so a visitor is redirected rather than errored.
  await requirePageRole('WORKER', '/tasks');
  const [home, t, locale] = await Promise.all([getWorkerHome(), getTranslations('worker.home'), getLocale()]);
  // Only projects with work for this worker get a Start button; the others say why there is none.
  const open = home.projects.filter((project) => project.unavailable === null);
  const closed = home.projects.filter((project) => project.unavailable !== null);
  return (
    <div className="space-y-6">
      {home.worker.status !== 'ACTIVE' && (
        <p role="alert" className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {home.worker.statusReason
            ? t('statusReason', { status: t(`accountStatus.${home.worker.status}`), reason: home.worker.statusReason })
            : t('status', { status: t(`accountStatus.${home.worker.status}`) })}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Stat label={t('available')} value={formatSats(home.availableMsats, locale)} />
        <Stat label={t('pending')} value={formatSats(home.pendingMsats, locale)} hint={t('pendingCount', { count: home.pendingCount })} />
        <Stat
          label={t('today')}
          value={formatSats(home.todayMsats, locale)}
          hint={home.hourlyMsats !== null ? t('hourly', { amount: formatSats(home.hourlyMsats, locale) }) : undefined}
        />
      </div>
      <section className="space-y-3">
        <h1 className="text-xl font-bold">{t('openProjects')}</h1>
        {open.length === 0 ? (
          <p className="text-zinc-500">{t('noProjects')}</p>
        ) : (
          <ul className="space-y-3">
            {open.map((project) => (
              <li key={project.projectId} className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
                <div>
                  <p dir="auto" className="font-semibold break-words">{project.title}</p>
                  <p className="text-sm text-zinc-500">
                    {t(`taskTypes.${project.isTree ? 'CONVERSATION_TREE' : project.taskType}`)} · {t('seconds', { seconds: project.estimatedSeconds })} ·{' '}
                    {t('tasksLeft', { count: project.tasksLeft })}
                  </p>
                </div>
                <p className="flex flex-wrap gap-x-3 text-sm">
                  <span className="font-semibold text-bolt-700 dark:text-bolt-400">{t('perTask', { amount: formatSats(project.rewardMsats, locale) })}</span>
                  <span className="text-zinc-500">{t('hourly', { amount: formatSats(project.hourlyRateMsats, locale) })}</span>
                </p>
                {project.exam.required && project.exam.status !== 'PASSED' && (
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('examRequired', { passCount: project.exam.passCount, total: project.exam.total })}</p>
                )}
                <StartProjectButton projectId={project.projectId} taskType={project.taskType} label={t('start')} />
              </li>
            ))}
          </ul>
        )}
        {closed.length > 0 && (
          <details className="rounded-2xl border border-zinc-200 px-4 py-0.5 dark:border-zinc-800" data-testid="unavailable-projects">
            <summary className="cursor-pointer py-3.5 font-medium">{t('unavailableTitle', { count: closed.length })}</summary>
            <ul className="mb-3.5 mt-0.5 space-y-2 text-sm">
              {closed.map((project) => (
                <li key={project.projectId}>
                  <p dir="auto" className="font-medium break-words">{project.title}</p>
                  <p className="text-zinc-500">{t(`unavailable.${project.unavailable!}`)}</p>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <LanguageSwitch current={isLocale(locale) ? locale : 'en'} label={t('language')} />
    </div>
  );
}
