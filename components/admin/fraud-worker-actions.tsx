import { banWorkerAction, clearWorkerFlagsAction, pauseWorkerAction, reactivateWorkerAction } from '@/lib/fraud/actions';
import { buttonClass, inputClass } from './overview-nav';

/**
 * Pause, ban, clear and reactivate, as plain forms (no client JavaScript). Each asks for a reason: pause and ban
 * reasons are shown to the worker, and every decision lands in the audit log.
 */
export function FraudWorkerActions({ workerId, status, hasOpenFlags }: { workerId: string; status: string; hasOpenFlags: boolean }) {
  return (
    <div className="flex flex-wrap gap-2 text-sm">
      {status === 'ACTIVE' && (
        <form action={pauseWorkerAction} className="flex gap-2">
          <input type="hidden" name="workerId" value={workerId} />
          <input name="reason" required minLength={3} maxLength={500} placeholder="Reason (worker sees it)" aria-label="Pause reason" className={inputClass} />
          <button type="submit" className={buttonClass}>Pause</button>
        </form>
      )}
      {hasOpenFlags && (
        <form action={clearWorkerFlagsAction} className="flex gap-2">
          <input type="hidden" name="workerId" value={workerId} />
          <input name="reason" required minLength={3} maxLength={500} placeholder="Why it is a false alarm" aria-label="Clear note" className={inputClass} />
          <button type="submit" className={buttonClass}>Clear flags</button>
        </form>
      )}
      {status !== 'ACTIVE' && (
        <form action={reactivateWorkerAction} className="flex gap-2">
          <input type="hidden" name="workerId" value={workerId} />
          <input name="reason" required minLength={3} maxLength={500} placeholder="Reason" aria-label="Reactivate reason" className={inputClass} />
          <button type="submit" className={buttonClass}>Reactivate</button>
        </form>
      )}
      {status !== 'BANNED' && (
        <details className="w-full">
          <summary className="cursor-pointer font-semibold text-red-700">Ban…</summary>
          <form action={banWorkerAction} className="mt-2 space-y-2 rounded-xl border border-red-200 p-3 dark:border-red-900">
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              A ban stops all work at once: the worker&apos;s pending judgments are rejected (reason &quot;account banned&quot;), their reserved
              rewards stay in the project escrow and the items go back to other workers. Already-paid work is not clawed back.
            </p>
            <input type="hidden" name="workerId" value={workerId} />
            <div className="flex flex-wrap gap-2">
              <input name="reason" required minLength={3} maxLength={500} placeholder="Reason (worker sees it)" aria-label="Ban reason" className={inputClass} />
              <input name="confirm" required pattern="BAN" placeholder="Type BAN" aria-label="Type BAN to confirm" className={`${inputClass} w-28`} />
              <button type="submit" className="rounded-lg bg-red-600 px-3 py-2 font-semibold text-white">Ban worker</button>
            </div>
          </form>
        </details>
      )}
    </div>
  );
}
