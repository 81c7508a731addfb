'use client';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { resolveWritingConfig, type WidgetProps } from '../types';
import { buildWritingAnswer, measureWriting } from './answers';
import { ActionBar, SubmitButton } from './ui';

/**
 * Free text with a live count against min/max (trimmed, as the server counts). Rewrite mode starts from
 * content.draft. Submit stays disabled until the length is valid; Ctrl/⌘+Enter submits on desktop.
 */
export function WritingWidget({ config, content, disabled, onSubmit, keyboardShortcuts = true }: WidgetProps<'WRITING'>) {
  const t = useTranslations('tasks');
  const id = useId();
  const { mode, guidelines } = resolveWritingConfig(config);
  const draft = mode === 'rewrite' ? (content.draft ?? '') : '';
  const [text, setText] = useState(draft);
  const measure = measureWriting(config, text);
  const answer = buildWritingAnswer(config, text);
  const unchanged = mode === 'rewrite' && draft !== '' && text.trim() === draft.trim();

  function submit() {
    if (!disabled && answer) onSubmit(answer);
  }

  const status =
    measure.state === 'short'
      ? t('writing.tooShort', { remaining: measure.min - measure.length })
      : measure.state === 'long'
        ? t('writing.tooLong', { over: measure.length - measure.max })
        : unchanged
          ? t('writing.unchanged')
          : t('writing.ready');

  const shownGuidelines = content.guidelines ?? (guidelines ? <p className="whitespace-pre-line break-words">{guidelines}</p> : null);
  return (
    <>
      {shownGuidelines && (
        <details className="group mt-4 rounded-2xl border border-zinc-200 dark:border-zinc-800" open>
          <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-bolt-500">
            {t('writing.guidelines')}
            <span aria-hidden="true" className="text-zinc-400 transition-transform group-open:rotate-180">⌄</span>
          </summary>
          <div className="px-4 pb-3 text-sm leading-relaxed text-zinc-700 dark:text-zinc-300">{shownGuidelines}</div>
        </details>
      )}
      <div className="mt-4 flex flex-col gap-1.5">
        <div className="flex items-end justify-between gap-2">
          <label htmlFor={id} className="text-sm font-semibold">
            {mode === 'rewrite' ? t('writing.labelRewrite') : t('writing.labelWrite')}
          </label>
          {mode === 'rewrite' && draft !== '' && !unchanged && (
            <button
              type="button"
              disabled={disabled}
              onClick={() => setText(draft)}
              className="min-h-11 rounded-lg px-2 text-sm font-medium text-bolt-700 focus-visible:outline-2 focus-visible:outline-bolt-500 disabled:opacity-50 dark:text-bolt-400"
            >
              {t('writing.restoreDraft')}
            </button>
          )}
        </div>
        <textarea
          dir="auto"
          id={id}
          value={text}
          readOnly={disabled}
          rows={mode === 'rewrite' ? 12 : 8}
          placeholder={mode === 'rewrite' ? undefined : t('writing.placeholder')}
          aria-describedby={`${id}-status`}
          aria-invalid={measure.state === 'long'}
          autoCapitalize="sentences"
          spellCheck
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (keyboardShortcuts && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
          className="min-h-40 w-full resize-y rounded-xl border border-zinc-300 bg-white px-3.5 py-3 text-base leading-relaxed focus-visible:outline-2 focus-visible:outline-bolt-500 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <ActionBar>
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <p
            id={`${id}-status`}
            aria-live="polite"
            className={measure.state === 'long' ? 'text-red-600 dark:text-red-400' : measure.state === 'ok' && !unchanged ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-600 dark:text-zinc-400'}
          >
            {status}
          </p>
          <p className={`shrink-0 tabular-nums ${measure.state === 'long' ? 'font-semibold text-red-600 dark:text-red-400' : 'text-zinc-500'}`}>
            {t('charCount', { count: measure.length, max: measure.max })}
          </p>
        </div>
        <SubmitButton onClick={submit} enabled={!!answer} busy={disabled} />
      </ActionBar>
    </>
  );
}
