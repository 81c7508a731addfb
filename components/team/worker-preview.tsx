'use client';
// "Preview as worker": the real task widget in a phone-sized frame, with an example item of the chosen type and the
// settings as currently typed. Nothing is sent anywhere: a submitted answer is only shown below the frame.
import { useMemo, useState } from 'react';
import type { TaskContent } from '@/components/tasks/content';
import { widgetShowsResponses } from '@/components/tasks/content';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { TaskWidget, type TaskWidgetProps } from '@/components/tasks/task-widget';
import { InlineActionBars } from '@/components/tasks/widgets/ui';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { parseTypeConfig } from '@/lib/tasks';
import { MarkdownPreview } from './markdown-preview';
import type { TypeConfigDraft } from './project-form-values';

export type ExampleContents = Record<TaskType, TaskContent[]>;

type Props = {
  type: TaskType;
  config: TypeConfigDraft;
  title: string;
  instructions: string;
  rewardSats: string;
  examples: ExampleContents;
};

function pickExample(type: TaskType, config: TypeConfigDraft, examples: ExampleContents): TaskContent | undefined {
  const list = examples[type] ?? [];
  // A rewrite task needs an item with a draft to rewrite.
  if (type === 'WRITING' && config.mode === 'rewrite') return list.find((content) => content.draft !== undefined) ?? list[0];
  return list[0];
}

export function WorkerPreview({ type, config, title, instructions, rewardSats, examples }: Props) {
  const [answer, setAnswer] = useState<unknown>(null);
  const parsed = useMemo(() => {
    try {
      return { config: parseTypeConfig(type, config), error: null };
    } catch (error) {
      return { config: null, error: error instanceof Error ? error.message : 'Invalid options.' };
    }
  }, [type, config]);
  const content = pickExample(type, config, examples);
  // A new config or type starts the widget afresh (its state follows the config's labels, criteria...).
  const widgetKey = `${type}:${JSON.stringify(parsed.config)}`;

  return (
    <section aria-label="Preview as worker" className="space-y-2">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Preview as worker</h2>
      <div
        data-testid="worker-preview"
        className="mx-auto h-[844px] max-h-[80vh] w-[390px] max-w-full overflow-y-auto rounded-[2.5rem] border-[10px] border-zinc-900 bg-white px-4 py-5 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
      >
        <div className="space-y-4">
          <header className="space-y-1">
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">{Number(rewardSats) > 0 ? `${Number(rewardSats).toLocaleString('en-US')} sats if approved` : 'Reward not set'}</p>
            <p className="text-lg font-bold leading-snug">{title.trim() || 'Untitled project'}</p>
          </header>
          {instructions.trim() && (
            <details open className="rounded-2xl bg-zinc-50 px-3 py-0.5 dark:bg-zinc-900">
              <summary className="cursor-pointer py-2.5 font-medium">Instructions</summary>
              <div className="pb-2.5 text-sm">
                <MarkdownPreview source={instructions} />
              </div>
            </details>
          )}
          {!content ? (
            <p className="text-sm text-zinc-500">No example item for this type.</p>
          ) : parsed.config === null ? (
            <p className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">Fix the task options to see the preview. {parsed.error}</p>
          ) : (
            <>
              <TaskContentView content={content} hideResponses={widgetShowsResponses(type)} />
              <InlineActionBars value={true}>
                <TaskWidget
                  key={widgetKey}
                  {...({ type, config: parsed.config, content, disabled: false, keyboardShortcuts: false, onSubmit: (value: unknown) => setAnswer(value) } as TaskWidgetProps)}
                />
              </InlineActionBars>
            </>
          )}
        </div>
      </div>
      {answer !== null && (
        <div className="mx-auto w-[390px] max-w-full text-xs">
          <p className="font-medium">The widget would send:</p>
          <pre data-testid="preview-answer" className="mt-1 overflow-x-auto rounded-lg bg-zinc-100 p-2 font-mono dark:bg-zinc-900">{JSON.stringify(answer)}</pre>
        </div>
      )}
    </section>
  );
}
