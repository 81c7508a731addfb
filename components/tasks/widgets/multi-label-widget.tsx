'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { matchShortcut } from '../shortcuts';
import { resolveMultiLabelBounds, type Flag, type WidgetProps } from '../types';
import { useShortcuts } from '../use-shortcuts';
import { buildMultiLabelAnswer, toggleLabel } from './answers';
import { ActionBar, chipClass, FlagPicker, KeyHint, SubmitButton } from './ui';

/** Toggle chips, then Submit. Respects minSelected/maxSelected. */
export function MultiLabelWidget({ config, disabled, onSubmit, keyboardShortcuts = true }: WidgetProps<'MULTI_LABEL'>) {
  const t = useTranslations('tasks');
  const { min, max } = resolveMultiLabelBounds(config);
  const [selected, setSelected] = useState<string[]>([]);
  const [flagOpen, setFlagOpen] = useState(false);
  const [flag, setFlag] = useState<Flag | null>(null);
  const answer = buildMultiLabelAnswer(config, selected, flag);
  const atMax = selected.length >= max;

  function toggle(label: string | undefined) {
    if (!disabled && label !== undefined) setSelected((current) => toggleLabel(current, label, max));
  }
  function submit() {
    if (!disabled && answer) onSubmit(answer);
  }

  useShortcuts((key) => {
    const command = matchShortcut('MULTI_LABEL', config, key);
    if (command?.kind === 'pick') toggle(config.labels[command.index]);
    else if (command?.kind === 'submit') submit();
    else return false;
    return true;
  }, keyboardShortcuts && !disabled);

  const rule =
    min === max
      ? t('multiLabel.exactly', { count: min })
      : min === 0
        ? t('multiLabel.upTo', { max })
        : max >= config.labels.length
          ? t('multiLabel.atLeast', { min })
          : t('multiLabel.between', { min, max });

  return (
    <>
      <section className="mt-4">
        <h2 className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{t('multiLabel.question')}</h2>
        <p className="mb-2 text-sm text-zinc-500">{rule}</p>
        <ul className="flex flex-wrap gap-2">
          {config.labels.map((label, i) => {
            const on = selected.includes(label);
            return (
              <li key={label} className="max-w-full">
                <button
                  type="button"
                  aria-pressed={on}
                  disabled={disabled}
                  aria-disabled={!on && atMax ? true : undefined}
                  onClick={() => toggle(label)}
                  className={`${chipClass(on)} max-w-full text-left break-words ${!on && atMax ? 'opacity-50' : ''}`}
                >
                  <span aria-hidden="true" className="w-3.5 shrink-0 text-center">{on ? '✓' : '+'}</span>
                  <span className="min-w-0">{label}</span>
                  {i < 9 && <KeyHint>{i + 1}</KeyHint>}
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <ActionBar label={t('multiLabel.question')}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {t('multiLabel.selected', { count: selected.length })}
          {atMax && max < config.labels.length ? ` · ${t('multiLabel.maxReached')}` : ''}
        </p>
        {config.allowFlag && (
          <div className="flex flex-wrap items-center gap-2">
            <FlagPicker open={flagOpen} flag={flag} disabled={disabled} onOpenChange={setFlagOpen} onFlagChange={setFlag} />
          </div>
        )}
        <SubmitButton
          onClick={submit}
          enabled={!!answer}
          busy={disabled}
          label={selected.length === 0 && answer ? t('multiLabel.submitNone') : undefined}
        />
      </ActionBar>
    </>
  );
}
