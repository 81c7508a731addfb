'use client';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { LineErrorTable } from '../line-error-table';

export type TreeUploadKind = 'seeds' | 'model-replies' | 'gold-reviews' | 'oasst';

type LineError = { line: number; reason: string };
type Outcome = { summary: string; errors: LineError[]; errorCount: number };
type Phase = { kind: 'idle' } | { kind: 'sending' } | { kind: 'error'; message: string } | { kind: 'done'; outcome: Outcome };

const MAX_BYTES = 20 * 1024 * 1024;
const fileNouns: Record<TreeUploadKind, string> = { seeds: 'seed', 'model-replies': 'model reply', 'gold-reviews': 'gold review', oasst: 'oasst' };
const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** The server's counts in words; each kind answers its own shape (lib/trees: seed-store, model-reply-upload, gold-store, oasst-store). */
function toOutcome(kind: TreeUploadKind, body: Record<string, unknown>): Outcome {
  const errors = Array.isArray(body.errors) ? (body.errors as LineError[]) : [];
  const errorCount = typeof body.errorCount === 'number' ? body.errorCount : errors.length;
  const n = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : 0);
  const summary =
    kind === 'seeds'
      ? `${plural(n('created'), 'tree')} started · ${plural(n('skipped'), 'duplicate')} skipped · ${plural(errorCount, 'error')}`
      : kind === 'model-replies'
        ? `${n('added').toLocaleString('en-US')} model ${n('added') === 1 ? 'reply' : 'replies'} added · ${n('skipped').toLocaleString('en-US')} already there · ${plural(errorCount, 'error')}`
        : kind === 'gold-reviews'
          ? `${plural(n('created'), 'gold review')} added · ${plural(n('skipped'), 'duplicate')} skipped · ${plural(errorCount, 'error')}`
          : `${plural(n('imported'), 'tree')} imported · ${n('skipped').toLocaleString('en-US')} already here · ${plural(errorCount, 'error')}`;
  return { summary, errors, errorCount };
}

/** One tree upload: the file is sent as soon as it is chosen; the answer lists each bad line with its number. */
export function TreeUploadPanel({ projectId, kind, accept, label }: { projectId: string; kind: TreeUploadKind; accept: string; label: string }) {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const resultId = useId();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const upload = async (file: File) => {
    if (file.size > MAX_BYTES) return setPhase({ kind: 'error', message: 'The file is larger than 20 MiB: split it into several uploads.' });
    setPhase({ kind: 'sending' });
    const query = new URLSearchParams({ kind, fileName: file.name });
    try {
      const response = await fetch(`/api/team/projects/${projectId}/tree-uploads?${query}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
      const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (response.status === 201 && body) {
        setPhase({ kind: 'done', outcome: toOutcome(kind, body) });
        router.refresh();
      } else {
        setPhase({ kind: 'error', message: typeof body?.error === 'string' ? body.error : 'Something went wrong. Please try again.' });
      }
    } catch {
      setPhase({ kind: 'error', message: 'The upload was interrupted. Check your connection and try again.' });
    }
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          disabled={phase.kind === 'sending'}
          onClick={() => inputRef.current?.click()}
          className="min-h-11 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {label}
        </button>
        <input
          ref={inputRef}
          type="file"
          accept={accept}
          className="sr-only"
          aria-label={label}
          data-testid={`tree-upload-${kind}`}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
            event.target.value = ''; // the same file again uploads again (and changes nothing: uploads are idempotent)
          }}
        />
        {phase.kind === 'sending' && <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">Uploading and checking…</p>}
      </div>
      {phase.kind === 'error' && <p role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">{phase.message}</p>}
      {phase.kind === 'done' && (
        <section aria-labelledby={resultId} className="space-y-2" data-testid={`tree-upload-result-${kind}`}>
          <p id={resultId} role="status" className={`rounded-xl border p-3 text-sm font-semibold ${phase.outcome.errorCount > 0 ? 'border-amber-300 bg-amber-50 dark:bg-amber-950/30' : 'border-emerald-300 bg-emerald-50 dark:bg-emerald-950/30'}`}>
            {phase.outcome.summary}
          </p>
          {phase.outcome.errors.length > 0 && (
            <LineErrorTable label={`Problems in the ${fileNouns[kind]} file`} errors={phase.outcome.errors} />
          )}
        </section>
      )}
    </div>
  );
}
