'use client';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ResponseCard } from '../task-content-view';
import { matchShortcut } from '../shortcuts';
import { responseLetter, type WidgetProps } from '../types';
import { useShortcuts } from '../use-shortcuts';
import {
  buildRankingAnswer,
  emptyRanking,
  moveRow,
  rowRanks,
  tapResponse,
  toggleTie,
  undoLast,
  type RankingState,
} from './ranking-state';
import { ActionBar, chipClass, focusRing, KeyHint, secondaryClass, SubmitButton } from './ui';

const iconButton = `grid size-11 shrink-0 place-items-center rounded-lg border border-zinc-200 text-base active:bg-zinc-100 disabled:opacity-30 dark:border-zinc-800 dark:active:bg-zinc-800 ${focusRing}`;

/**
 * Rank the shown responses best-first: tap them in order (tap again to take one out), then fine-tune with
 * up/down. Ties only when config.allowTies. "Can't rank these" is always offered. Shows the responses
 * itself (render TaskContentView with hideResponses).
 */
export function RankingWidget({
  config,
  content,
  disabled,
  onSubmit,
  keyboardShortcuts = true,
  offerNotRankable = true,
}: WidgetProps<'RANKING'> & {
  /** Off where every answer must be a full ranking (a conversation tree's: the worker skips instead). */
  offerNotRankable?: boolean;
}) {
  const t = useTranslations('tasks');
  const responses = content.responses ?? [];
  const count = responses.length;
  const allowTies = !!config.allowTies;
  const listTitleId = useId();
  const [state, setState] = useState<RankingState>(emptyRanking);
  const [notRankable, setNotRankable] = useState(false);
  const answer = buildRankingAnswer(state, count, allowTies, notRankable);
  const ranks = rowRanks(state);
  const name = (index: number) => t('responseLabel', { letter: responseLetter(index) });

  function update(next: (s: RankingState) => RankingState) {
    if (!disabled) setState(next);
  }
  function submit() {
    if (!disabled && answer) onSubmit(answer);
  }

  useShortcuts((key) => {
    const command = matchShortcut('RANKING', config, key, { responseCount: count });
    if (command?.kind === 'pick') update((s) => tapResponse(s, command.index, count));
    else if (command?.kind === 'undo') update(undoLast);
    else if (command?.kind === 'submit') submit();
    else return false;
    return true;
  }, keyboardShortcuts && !disabled);

  return (
    <>
      <p className="mt-4 mb-3 text-sm font-semibold text-zinc-600 dark:text-zinc-400">{t('ranking.instructions')}</p>
      <div className={`flex flex-col gap-3 ${notRankable ? 'opacity-60' : ''}`}>
        {responses.map((response, index) => {
          const row = state.order.indexOf(index);
          const ranked = row >= 0;
          return (
            <ResponseCard
              key={index}
              letter={responseLetter(index)}
              title={name(index)}
              footer={
                <div className="border-t border-zinc-100 p-2 dark:border-zinc-800/70">
                  <button
                    type="button"
                    aria-pressed={ranked}
                    disabled={disabled}
                    onClick={() => update((s) => tapResponse(s, index, count))}
                    className={`flex min-h-12 w-full items-center justify-center gap-2 rounded-xl px-4 text-base font-semibold ${focusRing} ${
                      ranked
                        ? 'bg-bolt-50 text-bolt-700 dark:bg-bolt-700/25 dark:text-bolt-400'
                        : 'bg-zinc-100 text-zinc-900 active:bg-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:active:bg-zinc-800'
                    }`}
                  >
                    {ranked ? t('ranking.rankedAs', { rank: ranks[row] }) : t('ranking.rankAs', { rank: state.order.length + 1 })}
                    {index < 9 && <KeyHint>{index + 1}</KeyHint>}
                  </button>
                </div>
              }
            >
              {response}
            </ResponseCard>
          );
        })}
      </div>

      {state.order.length > 0 && (
        <section className="mt-4 rounded-2xl border border-zinc-200 p-3 dark:border-zinc-800" aria-labelledby={listTitleId}>
          <div className="mb-2 flex items-center justify-between">
            <h2 id={listTitleId} className="text-sm font-semibold">{t('ranking.yourRanking')}</h2>
            <button type="button" disabled={disabled} onClick={() => update(() => emptyRanking)} className={`${secondaryClass} border-0`}>
              {t('ranking.reset')}
            </button>
          </div>
          <ol className="flex flex-col gap-1.5">
            {state.order.map((index, row) => (
              <li key={index} className="flex items-center gap-1.5" data-testid={`ranking-row-${row}`}>
                <span className={`w-8 shrink-0 text-center font-bold tabular-nums ${state.tied[row] ? 'text-bolt-700' : ''}`} aria-hidden="true">
                  {state.tied[row] && allowTies ? '=' : ''}
                  {ranks[row]}
                </span>
                <span className="flex min-w-0 flex-1 items-center gap-2 text-sm font-medium">
                  <span aria-hidden="true" className="grid size-6 shrink-0 place-items-center rounded-full bg-zinc-900 text-xs font-bold text-white dark:bg-zinc-100 dark:text-zinc-900">
                    {responseLetter(index)}
                  </span>
                  {/* The letter badge says it all when the tie toggle leaves little room on a small phone. */}
                  <span className={`truncate ${allowTies ? 'max-[400px]:sr-only' : ''}`}>
                    <span className="sr-only">{t('ranking.rankPrefix', { rank: ranks[row] })} </span>
                    {name(index)}
                  </span>
                </span>
                {allowTies && row > 0 && (
                  <button
                    type="button"
                    aria-pressed={state.tied[row]}
                    disabled={disabled}
                    onClick={() => update((s) => toggleTie(s, row, allowTies))}
                    title={t('ranking.tieWithPrevious')}
                    className={`${chipClass(state.tied[row])} min-h-11 px-3`}
                  >
                    <span aria-hidden="true">=</span>
                    <span className="sr-only">{t('ranking.tieWithPrevious')}</span>
                  </button>
                )}
                <button
                  type="button"
                  aria-label={t('ranking.moveUp', { name: name(index) })}
                  disabled={disabled || row === 0}
                  onClick={() => update((s) => moveRow(s, row, -1))}
                  className={iconButton}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  aria-label={t('ranking.moveDown', { name: name(index) })}
                  disabled={disabled || row === state.order.length - 1}
                  onClick={() => update((s) => moveRow(s, row, 1))}
                  className={iconButton}
                >
                  <span aria-hidden="true">↓</span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}

      <ActionBar label={t('ranking.yourRanking')}>
        <div className="flex items-center justify-between gap-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {notRankable ? t('ranking.notRankableHint') : t('ranking.progress', { ranked: state.order.length, total: count })}
          </p>
          {offerNotRankable && (
            <button
              type="button"
              aria-pressed={notRankable}
              disabled={disabled}
              onClick={() => setNotRankable(!notRankable)}
              className={`${chipClass(notRankable)} shrink-0`}
            >
              {t('ranking.notRankable')}
            </button>
          )}
        </div>
        <SubmitButton onClick={submit} enabled={!!answer} busy={disabled} />
      </ActionBar>
    </>
  );
}
