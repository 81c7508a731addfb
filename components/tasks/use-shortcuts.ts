'use client';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { isActivatableTarget, isTypingTarget, shortcutsFor } from './shortcuts';
import type { TaskType, WidgetConfigMap } from './types';

/** The shortcuts of a widget, translated for a help sheet: `{ keys: '1–4', label: 'Choose a label' }[]`. */
export function useShortcutHelp<T extends TaskType>(
  type: T,
  config: WidgetConfigMap[T],
  options?: { responseCount?: number },
): { keys: string; label: string }[] {
  const t = useTranslations('tasks');
  return shortcutsFor(type, config, options).map((s) => ({ keys: s.keys, label: t(`shortcuts.${s.action}`, s.values) }));
}

/**
 * Listens for plain key presses on the window while `enabled`. `onKey` returns true when it handled the
 * key (the default action is then prevented). Skipped: typing in fields, modified keys, auto-repeat, and
 * Enter on a focused button/link (the browser already activates it).
 */
export function useShortcuts(onKey: (key: string) => boolean, enabled: boolean): void {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (isTypingTarget(target)) return;
      if (event.key === 'Enter' && isActivatableTarget(target)) return;
      if (handler.current(event.key)) event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
