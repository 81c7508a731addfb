// Desktop keyboard shortcuts, as data: `shortcutsFor` lists them for a help sheet and `matchShortcut`
// turns a key into a widget command, so what the sheet shows is exactly what the widgets do.
// Help-sheet text: t(`shortcuts.${shortcut.action}`, shortcut.values) with useTranslations('tasks').
import {
  pairwiseChoices,
  resolveRatingConfig,
  type PairwiseChoice,
  type TaskType,
  type WidgetConfigMap,
} from './types';

export type ShortcutAction =
  | 'pickLabel'
  | 'toggleLabel'
  | 'pickA'
  | 'pickB'
  | 'pickTie'
  | 'pickBothBad'
  | 'rankResponse'
  | 'undoRank'
  | 'score'
  | 'submit'
  | 'back';

/** `keys` is what to show in a <kbd>, e.g. '1–4' or 'A / 1'; the text is t(`shortcuts.${action}`, values). */
export type Shortcut = { keys: string; action: ShortcutAction; values?: Record<string, string | number> };

export type ShortcutCommand =
  | { kind: 'pick'; index: number } // label (classification, multi-label), response (ranking) or score-1 (rating)
  | { kind: 'choice'; choice: PairwiseChoice }
  | { kind: 'undo' }
  | { kind: 'submit' }
  | { kind: 'back' };

type Options = { responseCount?: number };

const PAIRWISE_KEY: Record<PairwiseChoice, { letter: string; action: ShortcutAction }> = {
  A: { letter: 'a', action: 'pickA' },
  B: { letter: 'b', action: 'pickB' },
  tie: { letter: 't', action: 'pickTie' },
  both_bad: { letter: 'n', action: 'pickBothBad' },
};

function digitRange(count: number): string {
  const n = Math.min(count, 9);
  return n <= 1 ? '1' : `1–${n}`;
}

/** A type and its config as one discriminated value (TS can't narrow a generic `config` from `type`). */
export type WidgetSpec = { [T in TaskType]: { type: T; config: WidgetConfigMap[T] } }[TaskType];
function specOf<T extends TaskType>(type: T, config: WidgetConfigMap[T]): WidgetSpec {
  return { type, config } as WidgetSpec;
}

function optionCount(spec: WidgetSpec, options: Options): number {
  switch (spec.type) {
    case 'CLASSIFICATION':
    case 'MULTI_LABEL':
      return spec.config.labels.length;
    case 'RANKING':
      return options.responseCount ?? 9;
    case 'RATING':
      return resolveRatingConfig(spec.config).scale;
    default:
      return 0;
  }
}

export function shortcutsFor<T extends TaskType>(type: T, config: WidgetConfigMap[T], options: Options = {}): Shortcut[] {
  const submitEnter: Shortcut = { keys: 'Enter', action: 'submit' };
  const spec = specOf(type, config);
  const n = optionCount(spec, options);
  switch (spec.type) {
    case 'CLASSIFICATION':
      return [{ keys: digitRange(n), action: 'pickLabel' }, submitEnter];
    case 'MULTI_LABEL':
      return [{ keys: digitRange(n), action: 'toggleLabel' }, submitEnter];
    case 'PAIRWISE':
      return [
        ...pairwiseChoices(spec.config).map((choice, i) => ({
          keys: `${PAIRWISE_KEY[choice].letter.toUpperCase()} / ${i + 1}`,
          action: PAIRWISE_KEY[choice].action,
        })),
        submitEnter,
        { keys: 'Esc', action: 'back' },
      ];
    case 'RANKING':
      return [
        { keys: `${digitRange(n)} / A–${String.fromCharCode(64 + Math.min(n, 9))}`, action: 'rankResponse' },
        { keys: 'Backspace', action: 'undoRank' },
        submitEnter,
      ];
    case 'RATING':
      return [{ keys: digitRange(n), action: 'score' }, submitEnter];
    case 'WRITING':
      return [{ keys: 'Ctrl+Enter', action: 'submit' }];
    default:
      return [];
  }
}

/** The command for a key press (`event.key`), or null. Callers skip keys typed into fields. */
export function matchShortcut<T extends TaskType>(
  type: T,
  config: WidgetConfigMap[T],
  key: string,
  options: Options = {},
): ShortcutCommand | null {
  const spec = specOf(type, config);
  if (key === 'Enter') return spec.type === 'WRITING' ? null : { kind: 'submit' };
  const n = Math.min(optionCount(spec, options), 9);
  const digit = /^[1-9]$/.test(key) ? Number(key) : null;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  switch (spec.type) {
    case 'CLASSIFICATION':
    case 'MULTI_LABEL':
    case 'RATING':
      return digit !== null && digit <= n ? { kind: 'pick', index: digit - 1 } : null;
    case 'RANKING': {
      if (key === 'Backspace') return { kind: 'undo' };
      const letter = /^[a-i]$/.test(lower) ? lower.charCodeAt(0) - 96 : null;
      const index = digit ?? letter;
      return index !== null && index <= n ? { kind: 'pick', index: index - 1 } : null;
    }
    case 'PAIRWISE': {
      if (key === 'Escape') return { kind: 'back' };
      const choices = pairwiseChoices(spec.config);
      const byDigit = digit !== null ? choices[digit - 1] : undefined;
      const byLetter = choices.find((c) => PAIRWISE_KEY[c].letter === lower);
      const choice = byDigit ?? byLetter;
      return choice ? { kind: 'choice', choice } : null;
    }
    default:
      return null;
  }
}

type TargetLike = { tagName?: string; isContentEditable?: boolean; type?: string } | null;
const TYPING_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', '']);

/** True when keys go into a text field (shortcuts must not fire there). */
export function isTypingTarget(target: TargetLike): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TYPING_INPUT_TYPES.has((target.type ?? '').toLowerCase());
}

/** True when Enter already activates the focused element natively (so it must not also submit). */
export function isActivatableTarget(target: TargetLike): boolean {
  const tag = target?.tagName?.toUpperCase();
  return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'INPUT';
}
