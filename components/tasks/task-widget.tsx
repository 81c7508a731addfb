'use client';
import type { ComponentType } from 'react';
import { fromChunk } from '@/components/ui/from-chunk';
import type { TreeCard } from './task-card';
import type { TaskType, WidgetProps } from './types';

// One chunk per task type: a phone downloads only the widget its task needs (about 3 KiB gzip each instead of all six
// on every task page). A widget's chunk is loaded once and kept, so a render waits for it at most once per page load:
// the tasks that follow come from the same project, so the same type, and a tap still shows the next one at once.
// Starting a project preloads its type's chunk (preloadTaskWidget) while the action runs; the server loads all six
// when this module is first evaluated there, so the first HTML always carries the widget.

const widgets = {
  CLASSIFICATION: fromChunk(() => import('./widgets/classification-widget').then((m) => m.ClassificationWidget)),
  MULTI_LABEL: fromChunk(() => import('./widgets/multi-label-widget').then((m) => m.MultiLabelWidget)),
  PAIRWISE: fromChunk(() => import('./widgets/pairwise-widget').then((m) => m.PairwiseWidget)),
  RANKING: fromChunk(() => import('./widgets/ranking-widget').then((m) => m.RankingWidget)),
  RATING: fromChunk(() => import('./widgets/rating-widget').then((m) => m.RatingWidget)),
  WRITING: fromChunk(() => import('./widgets/writing-widget').then((m) => m.WritingWidget)),
} satisfies { [T in TaskType]: ComponentType<WidgetProps<T>> & { preload: () => Promise<unknown> } };

// A conversation tree's task (a WRITING item with a `tree` part) gets one chunk for all four of its kinds.
const TreeWidget = fromChunk(() => import('./widgets/tree-widget').then((m) => m.TreeWidget));

if (typeof window === 'undefined') for (const widget of [...Object.values(widgets), TreeWidget]) void widget.preload();

/** Starts loading a task type's widget ahead of its first render (e.g. when the worker taps Start). */
export function preloadTaskWidget(type: TaskType): void {
  void widgets[type].preload();
}

/** `type` picks the widget; `config` and the `onSubmit` answer follow that type (answers in SHOWN terms). */
export type TaskWidgetProps = { [T in TaskType]: { type: T } & WidgetProps<T> }[TaskType] & { tree?: TreeCard | null };

/**
 * The answer area of a task, placed after <TaskContentView content={c} hideResponses={widgetShowsResponses(type)} />.
 * Its primary actions sit in a bar fixed to the bottom of the screen (z-20, max-w-md column) with an in-flow
 * spacer under the widget. Key it by assignment id so its state resets for the next task.
 */
export function TaskWidget(props: TaskWidgetProps) {
  // No Suspense boundary of its own, on purpose: React streams a boundary's content after the rest of a long page and
  // reveals it 300 ms or more after the first paint, which left the answer bar missing from the first screen. Once
  // loaded, a widget renders without waiting; before that (the first render of a type in a server process, or a
  // hydration that reaches it before its chunk), the render waits for it as a whole, the server HTML staying up.
  if (props.tree && props.type === 'WRITING') {
    const { tree, config, content, disabled, onSubmit, keyboardShortcuts } = props;
    return <TreeWidget tree={tree} config={config} content={content} disabled={disabled} onSubmit={onSubmit as (answer: unknown) => void} keyboardShortcuts={keyboardShortcuts} />;
  }
  switch (props.type) {
    case 'CLASSIFICATION':
      return <widgets.CLASSIFICATION {...props} />;
    case 'MULTI_LABEL':
      return <widgets.MULTI_LABEL {...props} />;
    case 'PAIRWISE':
      return <widgets.PAIRWISE {...props} />;
    case 'RANKING':
      return <widgets.RANKING {...props} />;
    case 'RATING':
      return <widgets.RATING {...props} />;
    case 'WRITING':
      return <widgets.WRITING {...props} />;
  }
}

// Only types here besides preloadTaskWidget: values exported from a 'use client' module turn into client references
// on the server. shortcutsFor → './shortcuts', useShortcutHelp → './use-shortcuts', widgetShowsResponses → './content'.
export type { Shortcut, ShortcutAction } from './shortcuts';
export type { TaskContent } from './content';
