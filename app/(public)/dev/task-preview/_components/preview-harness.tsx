'use client';
// Dev page only, so it may import lib/tasks (zod) to show the canonical answer and check it.
import { useState } from 'react';
import { widgetShowsResponses } from '@/components/tasks/content';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { TaskWidget } from '@/components/tasks/task-widget';
import { InlineActionBars } from '@/components/tasks/widgets/ui';
import { parseAnswer, toCanonicalAnswer } from '@/lib/tasks';
import type { PreviewSample } from './samples';

type Result = { shown: unknown; canonical?: unknown; error?: string };

function check(sample: PreviewSample, shown: unknown): Result {
  try {
    const canonical = parseAnswer(sample.type, sample.config, sample.payload, toCanonicalAnswer(sample.type, shown, sample.shownOrder));
    return { shown, canonical };
  } catch (error) {
    return { shown, error: error instanceof Error ? error.message : String(error) };
  }
}

function SamplePreview({ sample, active, onActivate, single }: { sample: PreviewSample; active: boolean; onActivate: () => void; single: boolean }) {
  const [result, setResult] = useState<Result | null>(null);
  const [sending, setSending] = useState(false);
  const [run, setRun] = useState(0);

  function submit(answer: unknown) {
    setSending(true);
    // Pretend the network takes a moment, so the disabled/"Sending…" state is visible.
    setTimeout(() => {
      setSending(false);
      setResult(check(sample, answer));
    }, 400);
  }

  return (
    <section
      id={sample.id}
      data-testid={`preview-${sample.id}`}
      data-task-type={sample.type}
      onPointerDownCapture={onActivate}
      onFocusCapture={onActivate}
      className={`scroll-mt-4 rounded-3xl p-3 ring-1 ${active && !single ? 'ring-bolt-400' : 'ring-zinc-200 dark:ring-zinc-800'}`}
    >
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{sample.title}</h2>
        {!single && (
          <a href={`?only=${sample.id}`} className="shrink-0 text-xs text-zinc-500 underline">
            alone
          </a>
        )}
      </div>
      <TaskContentView content={sample.content} hideResponses={widgetShowsResponses(sample.type)} />
      <TaskWidget
        key={run}
        type={sample.type}
        config={sample.config}
        content={sample.content}
        disabled={sending}
        onSubmit={submit}
        keyboardShortcuts={active}
      />
      {result && (
        <div className="mt-3 space-y-2 text-xs">
          <p className="font-semibold">{result.error ? '✗ Rejected by lib/tasks' : '✓ Valid answer'}</p>
          <pre data-testid={`answer-${sample.id}`} className="overflow-x-auto rounded-lg bg-zinc-100 p-2 font-mono dark:bg-zinc-900">
            {JSON.stringify(result.shown)}
          </pre>
          {result.canonical !== undefined && (
            <pre data-testid={`canonical-${sample.id}`} className="overflow-x-auto rounded-lg bg-zinc-100 p-2 font-mono text-zinc-500 dark:bg-zinc-900">
              canonical: {JSON.stringify(result.canonical)}
            </pre>
          )}
          {result.error && <p className="text-red-600">{result.error}</p>}
          <button type="button" className="rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700" onClick={() => { setResult(null); setRun(run + 1); }}>
            Reset
          </button>
        </div>
      )}
    </section>
  );
}

export function PreviewHarness({ samples, single }: { samples: PreviewSample[]; single: boolean; locale: string }) {
  const [activeId, setActiveId] = useState(samples[0]?.id);
  return (
    <InlineActionBars value={!single}>
      <div className="flex flex-col gap-6">
        {samples.map((sample) => (
          <SamplePreview key={sample.id} sample={sample} single={single} active={activeId === sample.id} onActivate={() => setActiveId(sample.id)} />
        ))}
      </div>
    </InlineActionBars>
  );
}
