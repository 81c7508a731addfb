'use client';
import type { TaskType, WidgetProps } from './types';
import { ClassificationWidget } from './widgets/classification-widget';
import { MultiLabelWidget } from './widgets/multi-label-widget';
import { PairwiseWidget } from './widgets/pairwise-widget';
import { RankingWidget } from './widgets/ranking-widget';
import { RatingWidget } from './widgets/rating-widget';
import { WritingWidget } from './widgets/writing-widget';

/** `type` picks the widget; `config` and the `onSubmit` answer follow that type (answers in SHOWN terms). */
export type TaskWidgetProps = { [T in TaskType]: { type: T } & WidgetProps<T> }[TaskType];

/**
 * The answer area of a task, placed after <TaskContentView content={c} hideResponses={widgetShowsResponses(type)} />.
 * Its primary actions sit in a bar fixed to the bottom of the screen (z-20, max-w-md column) with an in-flow
 * spacer under the widget. Key it by assignment id so its state resets for the next task.
 */
export function TaskWidget(props: TaskWidgetProps) {
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
