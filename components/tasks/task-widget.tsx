'use client';
import { lazy, Suspense } from 'react';
import type { TaskType, WidgetProps } from './types';

// One chunk per task type: a page downloads only the widget its task needs. The server renders that widget into the
// first HTML; in the browser its chunk is fetched when hydration reaches it (the server HTML stays in place until then),
// and the tasks that follow come from the same project, so the same type, already loaded: a tap still shows the next
// task at once. React.lazy rather than next/dynamic: the same split without next/dynamic's 2 KiB of loader code.
const ClassificationWidget = lazy(() => import('./widgets/classification-widget').then((m) => ({ default: m.ClassificationWidget })));
const MultiLabelWidget = lazy(() => import('./widgets/multi-label-widget').then((m) => ({ default: m.MultiLabelWidget })));
const PairwiseWidget = lazy(() => import('./widgets/pairwise-widget').then((m) => ({ default: m.PairwiseWidget })));
const RankingWidget = lazy(() => import('./widgets/ranking-widget').then((m) => ({ default: m.RankingWidget })));
const RatingWidget = lazy(() => import('./widgets/rating-widget').then((m) => ({ default: m.RatingWidget })));
const WritingWidget = lazy(() => import('./widgets/writing-widget').then((m) => ({ default: m.WritingWidget })));

/** `type` picks the widget; `config` and the `onSubmit` answer follow that type (answers in SHOWN terms). */
export type TaskWidgetProps = { [T in TaskType]: { type: T } & WidgetProps<T> }[TaskType];

/**
 * The answer area of a task, placed after <TaskContentView content={c} hideResponses={widgetShowsResponses(type)} />.
 * Its primary actions sit in a bar fixed to the bottom of the screen (z-20, max-w-md column) with an in-flow
 * spacer under the widget. Key it by assignment id so its state resets for the next task.
 */
export function TaskWidget(props: TaskWidgetProps) {
  // Its own boundary: while a widget's chunk loads, only the answer area waits (as server HTML during hydration).
  return (
    <Suspense fallback={null}>
      <Widget {...props} />
    </Suspense>
  );
}

function Widget(props: TaskWidgetProps) {
  switch (props.type) {
    case 'CLASSIFICATION':
      return <ClassificationWidget {...props} />;
    case 'MULTI_LABEL':
      return <MultiLabelWidget {...props} />;
    case 'PAIRWISE':
      return <PairwiseWidget {...props} />;
    case 'RANKING':
      return <RankingWidget {...props} />;
    case 'RATING':
      return <RatingWidget {...props} />;
    case 'WRITING':
      return <WritingWidget {...props} />;
  }
}

// Only types here: values exported from a 'use client' module turn into client references on the server.
// shortcutsFor → './shortcuts', useShortcutHelp → './use-shortcuts', widgetShowsResponses → './content'.
export type { Shortcut, ShortcutAction } from './shortcuts';
export type { TaskContent } from './content';
