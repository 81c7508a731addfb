'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { matchShortcut } from '../shortcuts';
import { resolveRatingConfig, type WidgetProps } from '../types';
import { useShortcuts } from '../use-shortcuts';
import { buildRatingAnswer, nextCriterion } from './answers';
import { ActionBar, focusRing, SendingStatus, SubmitButton, useCriterionName } from './ui';

/**
 * A row of 1..scale buttons per criterion, with the low/high labels under the ends. With a single
 * criterion (the default 'overall') one tap submits; with several, Submit once every row is scored.
 */
export function RatingWidget({ config, disabled, onSubmit, keyboardShortcuts = true }: WidgetProps<'RATING'>) {
  const t = useTranslations('tasks');
  const criterionName = useCriterionName();
  const { scale, criteria, lowLabel, highLabel } = resolveRatingConfig(config);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [active, setActive] = useState(0);
  const answer = buildRatingAnswer(config, scores);
  const oneTap = criteria.length === 1;

  function score(row: number, value: number) {
    if (disabled) return;
    const next = { ...scores, [criteria[row]]: value };
    setScores(next);
    setActive(nextCriterion(criteria, next, row));
    const complete = buildRatingAnswer(config, next);
    if (oneTap && complete) onSubmit(complete);
  }
  function submit() {
    if (!disabled && answer) onSubmit(answer);
  }

  useShortcuts((key) => {
    const command = matchShortcut('RATING', config, key);
    if (command?.kind === 'pick') score(active, command.index + 1);
    else if (command?.kind === 'submit' && !oneTap) submit();
    else return false;
    return true;
  }, keyboardShortcuts && !disabled);

  const values = Array.from({ length: scale }, (_, i) => i + 1);
  const rows = criteria.map((name, row) => (
    <fieldset key={name} onFocus={() => setActive(row)} className="min-w-0">
      <legend className="mb-2 flex w-full items-center gap-2 text-sm font-semibold break-words">
        <span className="first-letter:uppercase">{criterionName(name)}</span>
        {!oneTap && active === row && keyboardShortcuts && (
          <span aria-hidden="true" className="hidden size-1.5 rounded-full bg-bolt-500 pointer-fine:inline-block" />
        )}
      </legend>
      <div className={`grid gap-1 ${scale === 7 ? 'grid-cols-7' : 'grid-cols-5'}`}>
        {values.map((value) => {
          const on = scores[name] === value;
          return (
            <button
              key={value}
              type="button"
              aria-pressed={on}
              aria-label={t('rating.scoreOf', { score: value, scale })}
              disabled={disabled}
              onClick={() => score(row, value)}
              className={`min-h-12 min-w-0 rounded-xl border-2 text-lg font-semibold tabular-nums ${focusRing} ${
                on
                  ? 'border-bolt-500 bg-bolt-700 text-white'
                  : 'border-zinc-200 bg-white active:bg-zinc-100 disabled:opacity-50 dark:border-zinc-800 dark:bg-zinc-900 dark:active:bg-zinc-800'
              }`}
            >
              {value}
            </button>
          );
        })}
      </div>
      <div className="mt-1 flex justify-between gap-4 text-xs text-zinc-500" aria-hidden="true">
        <span>1 · {lowLabel ?? t('rating.low')}</span>
        <span className="text-right">{highLabel ?? t('rating.high')} · {scale}</span>
      </div>
    </fieldset>
  ));

  if (oneTap) {
    return (
      <ActionBar label={criterionName(criteria[0])}>
        {rows}
        <SendingStatus busy={disabled} />
      </ActionBar>
    );
  }
  const rated = criteria.filter((c) => scores[c] !== undefined).length;
  return (
    <>
      <section className="mt-4 flex flex-col gap-5">{rows}</section>
      <ActionBar>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {t('rating.progress', { rated, total: criteria.length })}
        </p>
        <SubmitButton onClick={submit} enabled={!!answer} busy={disabled} />
      </ActionBar>
    </>
  );
}
