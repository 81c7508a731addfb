'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { matchShortcut } from '../shortcuts';
import type { Flag, WidgetProps } from '../types';
import { useShortcuts } from '../use-shortcuts';
import { buildClassificationAnswer } from './answers';
import { ActionBar, chipClass, FlagPicker, KeyHint, optionClass, SendingStatus, SubmitButton } from './ui';

const LABELS_IN_BAR = 4;

/** One tap on a label submits. With "Not sure" or "Report a problem" on, labels select and Submit sends. */
export function ClassificationWidget({ config, disabled, onSubmit, keyboardShortcuts = true }: WidgetProps<'CLASSIFICATION'>) {
  const t = useTranslations('tasks');
  const [label, setLabel] = useState<string | null>(null);
  const [unsure, setUnsure] = useState(false);
  const [flagOpen, setFlagOpen] = useState(false);
  const [flag, setFlag] = useState<Flag | null>(null);
  const deliberate = unsure || flagOpen;
  const answer = buildClassificationAnswer(config, { label, unsure, flag });

  function pick(picked: string) {
    if (disabled) return;
    if (deliberate) {
      setLabel(label === picked ? null : picked);
      return;
    }
    setLabel(picked);
    onSubmit({ label: picked });
  }

  function submit() {
    if (!disabled && deliberate && answer) onSubmit(answer);
  }

  useShortcuts((key) => {
    const command = matchShortcut('CLASSIFICATION', config, key);
    if (command?.kind === 'pick') pick(config.labels[command.index]);
    else if (command?.kind === 'submit') submit();
    else return false;
    return true;
  }, keyboardShortcuts && !disabled);

  const compact = config.labels.every((l) => l.length <= 16);
  const labelList = (
    <ul className={`grid gap-2 ${compact ? 'grid-cols-2' : 'grid-cols-1'}`} aria-label={t('classification.question')}>
      {config.labels.map((l, i) => (
        <li key={l} className="min-w-0">
          <button
            type="button"
            disabled={disabled}
            aria-pressed={label === l}
            onClick={() => pick(l)}
            className={optionClass(label === l)}
          >
            <span className="min-w-0">{l}</span>
            {i < 9 && <KeyHint>{i + 1}</KeyHint>}
          </button>
        </li>
      ))}
    </ul>
  );
  const inBar = config.labels.length <= LABELS_IN_BAR;
  const hasToggles = !!config.allowUnsure || !!config.allowFlag;

  return (
    <>
      {!inBar && (
        <section className="mt-4">
          <h2 className="mb-2 text-sm font-semibold text-zinc-600 dark:text-zinc-400">{t('classification.question')}</h2>
          {labelList}
        </section>
      )}
      {!inBar && !hasToggles && <SendingStatus busy={disabled} />}
      {(inBar || hasToggles) && (
        <ActionBar label={t('classification.question')}>
          {inBar && (
            <>
              <p className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{t('classification.question')}</p>
              {labelList}
            </>
          )}
          {hasToggles && (
            <div className="flex flex-wrap items-center gap-2">
              {config.allowUnsure && (
                <button
                  type="button"
                  aria-pressed={unsure}
                  disabled={disabled}
                  onClick={() => setUnsure(!unsure)}
                  className={chipClass(unsure)}
                >
                  <span aria-hidden="true">?</span> {t('classification.unsure')}
                </button>
              )}
              {config.allowFlag && (
                <FlagPicker open={flagOpen} flag={flag} disabled={disabled} onOpenChange={setFlagOpen} onFlagChange={setFlag} />
              )}
            </div>
          )}
          {!deliberate && <SendingStatus busy={disabled} />}
          {deliberate && (
            <>
              <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
                {t('classification.deliberateHint')}
              </p>
              <SubmitButton onClick={submit} enabled={!!answer} busy={disabled} />
            </>
          )}
        </ActionBar>
      )}
    </>
  );
}
