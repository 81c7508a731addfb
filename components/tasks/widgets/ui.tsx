'use client';
// Shared widget building blocks for the client widgets.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FLAGS, type Flag } from '../types';
import { OfflineNote } from './offline-note';

export const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-bolt-500';

export function optionClass(selected: boolean): string {
  // A selected option stays bright while the widget is disabled (it is what is being sent).
  return `flex min-h-12 w-full items-center gap-3 rounded-xl border-2 px-4 py-2.5 text-left font-medium break-words ${focusRing} ${
    selected
      ? 'border-bolt-500 bg-bolt-50 text-zinc-900 dark:bg-bolt-700/25 dark:text-zinc-50'
      : 'border-zinc-200 bg-white active:bg-zinc-100 disabled:opacity-50 dark:border-zinc-800 dark:bg-zinc-900 dark:active:bg-zinc-800'
  }`;
}

export function chipClass(selected: boolean): string {
  return `inline-flex min-h-11 items-center gap-1.5 rounded-full border px-4 py-2 text-sm font-medium disabled:opacity-50 ${focusRing} ${
    selected
      ? 'border-bolt-500 bg-bolt-700 text-white'
      : 'border-zinc-300 bg-white text-zinc-800 active:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:active:bg-zinc-800'
  }`;
}

export const primaryClass = `min-h-12 rounded-xl bg-bolt-700 px-5 py-3 text-base font-semibold text-white shadow-sm active:bg-bolt-800 disabled:bg-zinc-200 disabled:text-zinc-500 disabled:shadow-none dark:disabled:bg-zinc-800 dark:disabled:text-zinc-500 ${focusRing}`;

export const secondaryClass = `min-h-11 rounded-xl border border-zinc-300 px-4 py-2.5 text-sm font-medium active:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:active:bg-zinc-800 ${focusRing}`;

/** A key hint shown only with a mouse/trackpad (desktop), never on touch phones. */
export function KeyHint({ children }: { children: React.ReactNode }) {
  return (
    <kbd className="ml-auto hidden min-w-6 shrink-0 justify-center rounded border border-zinc-300 px-1.5 font-mono text-xs font-normal text-zinc-500 pointer-fine:inline-flex dark:border-zinc-700">
      {children}
    </kbd>
  );
}

/** Set to true to render action bars in the flow (e.g. several widgets on one demo page). */
export const InlineActionBars = createContext(false);

/** True inside an action bar, which shows the offline note itself. */
const InActionBar = createContext(false);

function OfflineNoteText() {
  const note = useContext(OfflineNote);
  if (!note) return null;
  return (
    <p role="status" data-testid="offline-note" className="rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {note}
    </p>
  );
}

/** What a busy answer control says: sending, or (offline) waiting for a connection. */
function useBusyLabel(): string {
  const t = useTranslations('tasks');
  return useContext(OfflineNote) ? t('waitingForConnection') : t('submitting');
}

/**
 * The thumb zone: fixed to the bottom of the screen (inside a max-w-md column, like the worker shell),
 * with an in-flow spacer of the same height so nothing ends up hidden under it.
 */
export function ActionBar({ children, label }: { children: React.ReactNode; label?: string }) {
  const inline = useContext(InlineActionBars);
  const bar = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  useEffect(() => {
    const el = bar.current;
    if (!el || inline) return;
    const measure = () => setHeight(el.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [inline]);

  const body = (
    <div className="flex flex-col gap-3">
      <OfflineNoteText />
      <InActionBar.Provider value={true}>{children}</InActionBar.Provider>
    </div>
  );
  if (inline) {
    return (
      <div role="group" aria-label={label} className="mt-4 rounded-2xl border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        {body}
      </div>
    );
  }
  return (
    <>
      <div aria-hidden="true" className={height === null ? 'h-32' : undefined} style={height === null ? undefined : { height: height + 16 }} />
      <div
        ref={bar}
        role="group"
        aria-label={label}
        className="fixed inset-x-0 bottom-0 z-20 border-t border-zinc-200 bg-white shadow-[0_-4px_16px_rgb(0_0_0/0.06)] dark:border-zinc-800 dark:bg-zinc-950"
      >
        <div className="mx-auto max-w-md px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]">{body}</div>
      </div>
    </>
  );
}

export function SubmitButton({
  onClick,
  enabled,
  busy,
  label,
  className = '',
}: {
  onClick: () => void;
  enabled: boolean;
  busy: boolean;
  label?: string;
  className?: string;
}) {
  const t = useTranslations('tasks');
  const busyLabel = useBusyLabel();
  return (
    <button type="button" onClick={onClick} disabled={!enabled || busy} aria-busy={busy} className={`${primaryClass} ${className}`}>
      {busy ? busyLabel : (label ?? t('submit'))}
    </button>
  );
}

/** Announces "Sending…" for widgets whose answer is sent by a tap rather than the Submit button. */
export function SendingStatus({ busy }: { busy: boolean }) {
  const busyLabel = useBusyLabel();
  return (
    <>
      {!useContext(InActionBar) && <OfflineNoteText />}
      <p role="status" className={busy ? 'text-sm font-medium text-zinc-600 dark:text-zinc-400' : 'sr-only'}>
        {busy ? busyLabel : ''}
      </p>
    </>
  );
}

/** "Report a problem" toggle; when open, the worker picks what is wrong. Closing clears the flag. */
export function FlagPicker({
  open,
  flag,
  disabled,
  onOpenChange,
  onFlagChange,
}: {
  open: boolean;
  flag: Flag | null;
  disabled: boolean;
  onOpenChange: (open: boolean) => void;
  onFlagChange: (flag: Flag | null) => void;
}) {
  const t = useTranslations('tasks');
  return (
    <>
      <button
        type="button"
        aria-pressed={open}
        disabled={disabled}
        onClick={() => {
          if (open) onFlagChange(null);
          onOpenChange(!open);
        }}
        className={chipClass(open)}
      >
        <span aria-hidden="true">⚑</span> {t('flag.report')}
      </button>
      {open && (
        <div role="group" aria-label={t('flag.whatsWrong')} className="flex w-full flex-wrap gap-2">
          {FLAGS.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={flag === f}
              disabled={disabled}
              onClick={() => onFlagChange(flag === f ? null : f)}
              className={chipClass(flag === f)}
            >
              {t(`flag.${f}`)}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

/** Requester-given names (labels, criteria) shown as-is; the contract default 'overall' is translated. */
export function useCriterionName(): (name: string) => string {
  const t = useTranslations('tasks');
  return (name) => (name === 'overall' ? t('overall') : name);
}
