'use client';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { matchShortcut } from '../shortcuts';
import { resolvePairwiseConfig, type CriterionVerdict, type PairwiseChoice, type WidgetProps } from '../types';
import { useShortcuts } from '../use-shortcuts';
import {
  asksStrength,
  buildPairwiseAnswer,
  emptyPairwiseDraft,
  needsPairwiseDetails,
  pairwiseChoices,
  RATIONALE_MAX,
  RATIONALE_MIN,
  rationaleState,
  type PairwiseDraft,
} from './answers';
import { ActionBar, KeyHint, optionClass, SendingStatus, SubmitButton, useCriterionName } from './ui';

const CHOICE_KEY: Record<PairwiseChoice, string> = { A: 'A', B: 'B', tie: 'T', both_bad: 'N' };
const VERDICTS: CriterionVerdict[] = ['A', 'B', 'tie'];

/**
 * Compare two shown responses (the page shows them as "Response A/B" cards above). A tap on A/B/tie/both
 * bad submits, unless strength, criteria or a rationale are configured: then a compact second step opens
 * in the bottom bar, with Submit.
 */
export function PairwiseWidget({ config, disabled, onSubmit, keyboardShortcuts = true }: WidgetProps<'PAIRWISE'>) {
  const t = useTranslations('tasks');
  const criterionName = useCriterionName();
  const rationaleId = useId();
  const resolved = resolvePairwiseConfig(config);
  const choices = pairwiseChoices(config);
  const [draft, setDraft] = useState<PairwiseDraft>(emptyPairwiseDraft);
  const [details, setDetails] = useState(false);
  const answer = buildPairwiseAnswer(config, draft);

  function choose(choice: PairwiseChoice) {
    if (disabled) return;
    const next: PairwiseDraft = { ...draft, choice, strength: asksStrength(config, choice) ? draft.strength : null };
    setDraft(next);
    if (details) return; // already in step 2: just change the choice
    if (needsPairwiseDetails(config, choice)) setDetails(true);
    else onSubmit({ choice });
  }
  function submit() {
    if (!disabled && details && answer) onSubmit(answer);
  }
  function back() {
    if (!disabled) setDetails(false);
  }

  useShortcuts((key) => {
    const command = matchShortcut('PAIRWISE', config, key);
    if (command?.kind === 'choice') choose(command.choice);
    else if (command?.kind === 'submit' && details) submit();
    else if (command?.kind === 'back' && details) back();
    else return false;
    return true;
  }, keyboardShortcuts && !disabled);

  if (!details || !draft.choice) {
    const [primary, secondary] = [choices.filter((c) => c === 'A' || c === 'B'), choices.filter((c) => c === 'tie' || c === 'both_bad')];
    return (
      <ActionBar label={t('pairwise.question')}>
        <p className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{t('pairwise.question')}</p>
        {[primary, secondary].map((group, g) =>
          group.length ? (
            <div key={g} className="grid grid-cols-2 gap-2">
              {group.map((choice) => (
                <button
                  key={choice}
                  type="button"
                  disabled={disabled}
                  aria-pressed={draft.choice === choice}
                  onClick={() => choose(choice)}
                  className={`${optionClass(draft.choice === choice)} ${g === 0 ? 'min-h-14 justify-center text-lg' : 'justify-center text-sm'} ${group.length === 1 ? 'col-span-2' : ''}`}
                >
                  {t(`pairwise.choice.${choice}`)}
                  <KeyHint>{CHOICE_KEY[choice]}</KeyHint>
                </button>
              ))}
            </div>
          ) : null,
        )}
        <SendingStatus busy={disabled} />
      </ActionBar>
    );
  }

  const rationaleLength = draft.rationale.trim().length;
  const rationaleCheck = rationaleState(config, draft.rationale);
  return (
    <ActionBar label={t('pairwise.detailsTitle')}>
      <div className="flex items-center justify-between gap-2">
        <p className="min-w-0 text-sm">
          {t('pairwise.chosen')} <strong className="font-semibold">{t(`pairwise.choice.${draft.choice}`)}</strong>
        </p>
        <button
          type="button"
          onClick={back}
          disabled={disabled}
          className="min-h-11 shrink-0 rounded-lg px-3 text-sm font-semibold text-bolt-700 focus-visible:outline-2 focus-visible:outline-bolt-500 disabled:opacity-50 dark:text-bolt-400"
        >
          {t('pairwise.change')}
        </button>
      </div>
      <div className="-mx-1 flex max-h-[55dvh] flex-col gap-4 overflow-y-auto px-1 pb-1">
        {asksStrength(config, draft.choice) && (
          <fieldset>
            <legend className="mb-2 text-sm font-semibold">{t('pairwise.strength')}</legend>
            <div className="grid grid-cols-2 gap-2">
              {(['slightly', 'much'] as const).map((strength) => (
                <button
                  key={strength}
                  type="button"
                  aria-pressed={draft.strength === strength}
                  disabled={disabled}
                  onClick={() => setDraft({ ...draft, strength })}
                  className={`${optionClass(draft.strength === strength)} justify-center text-sm`}
                >
                  {t(`pairwise.strengthOption.${strength}`)}
                </button>
              ))}
            </div>
          </fieldset>
        )}
        {resolved.criteria.length > 0 && (
          <div className="flex flex-col gap-3">
            <p className="text-sm font-semibold">{t('pairwise.criteriaTitle')}</p>
            {resolved.criteria.map((name) => (
              <fieldset key={name}>
                <legend className="mb-1 text-sm break-words text-zinc-700 first-letter:uppercase dark:text-zinc-300">{criterionName(name)}</legend>
                <div className="grid grid-cols-3 gap-2">
                  {VERDICTS.map((verdict) => {
                    const on = draft.criteria[name] === verdict;
                    return (
                      <button
                        key={verdict}
                        type="button"
                        aria-pressed={on}
                        disabled={disabled}
                        onClick={() => setDraft({ ...draft, criteria: { ...draft.criteria, [name]: verdict } })}
                        className={`${optionClass(on)} justify-center px-2 text-sm`}
                      >
                        {t(`pairwise.verdict.${verdict}`)}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            ))}
          </div>
        )}
        {resolved.rationale !== 'off' && (
          <div className="flex flex-col gap-1">
            <label htmlFor={rationaleId} className="text-sm font-semibold">
              {resolved.rationale === 'required' ? t('pairwise.rationaleRequired', { min: RATIONALE_MIN }) : t('pairwise.rationaleOptional')}
            </label>
            <textarea
              dir="auto"
              id={rationaleId}
              rows={3}
              value={draft.rationale}
              readOnly={disabled}
              placeholder={t('pairwise.rationalePlaceholder')}
              aria-invalid={rationaleCheck !== 'ok' && rationaleLength > 0}
              onChange={(e) => setDraft({ ...draft, rationale: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  submit();
                }
              }}
              className="w-full resize-y rounded-xl border border-zinc-300 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-bolt-500 dark:border-zinc-700 dark:bg-zinc-900"
            />
            <p className={`text-right text-xs tabular-nums ${rationaleCheck === 'long' ? 'text-red-600' : 'text-zinc-500'}`}>
              {t('charCount', { count: rationaleLength, max: RATIONALE_MAX })}
            </p>
          </div>
        )}
      </div>
      <SubmitButton onClick={submit} enabled={!!answer} busy={disabled} />
    </ActionBar>
  );
}
