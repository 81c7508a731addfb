'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { DEFAULT_MAX_UPLOAD_BYTES, guessFormat, type BatchDto, type ImportMode } from '@/lib/batches/schemas';
import { UploadResult } from './upload-result';

type Phase = { kind: 'idle' } | { kind: 'sending'; progress: number } | { kind: 'importing' } | { kind: 'error'; message: string };

/** Drop zone + file picker: the file uploads as soon as it is chosen, streamed as the raw request body. */
export function UploadPanel({ projectId, canGold, isClosed }: { projectId: string; canGold: boolean; isClosed: boolean }) {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const lastFile = useRef<File | null>(null);
  const [isGold, setIsGold] = useState(false);
  const [isDragging, setIsDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [result, setResult] = useState<{ batch: BatchDto; mode: ImportMode } | null>(null);
  const isBusy = phase.kind === 'sending' || phase.kind === 'importing';

  const upload = (file: File, mode: ImportMode, asGold = isGold) => {
    const format = guessFormat(file.name);
    if (!format) return setPhase({ kind: 'error', message: 'Choose a .jsonl, .csv or .tsv file.' });
    if (file.size > DEFAULT_MAX_UPLOAD_BYTES) return setPhase({ kind: 'error', message: 'The file is larger than 200 MiB: split it into several uploads.' });
    lastFile.current = file;
    setResult(null);
    setPhase({ kind: 'sending', progress: 0 });
    const query = new URLSearchParams({ fileName: file.name, format, isGold: String(asGold), mode });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/team/projects/${projectId}/batches?${query}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setPhase({ kind: 'sending', progress: event.loaded / event.total });
    };
    // The last bytes are sent: the server is still validating and inserting.
    xhr.upload.onload = () => setPhase({ kind: 'importing' });
    xhr.onerror = () => setPhase({ kind: 'error', message: 'The upload was interrupted. Check your connection and try again.' });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status === 201 && body && typeof body === 'object' && 'id' in body) {
        setResult({ batch: body as BatchDto, mode });
        setPhase({ kind: 'idle' });
        router.refresh();
      } else {
        const message = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : 'Something went wrong. Please try again.';
        setPhase({ kind: 'error', message });
      }
    };
    xhr.send(file);
  };

  const pick = (file: File | undefined) => {
    if (file && !isBusy) upload(file, 'all_or_nothing');
  };

  if (isClosed) return <p className="rounded-xl bg-zinc-100 p-4 text-sm dark:bg-zinc-900">This project is closed: it takes no new items.</p>;

  return (
    <div className="space-y-4">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setIsDragging(false);
          pick(event.dataTransfer.files[0]);
        }}
        className={`flex flex-col items-center gap-3 rounded-2xl border-2 border-dashed p-8 text-center ${isDragging ? 'border-amber-500 bg-amber-50 dark:bg-amber-950/30' : 'border-zinc-300 dark:border-zinc-700'}`}
      >
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Drop a .jsonl, .csv or .tsv file here (up to 200 MiB), or</p>
        <button
          type="button"
          disabled={isBusy}
          onClick={() => inputRef.current?.click()}
          className="rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Choose file
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".jsonl,.ndjson,.json,.csv,.tsv,application/json,text/csv,text/tab-separated-values"
          className="sr-only"
          aria-label="File to upload"
          onChange={(event) => {
            pick(event.target.files?.[0]);
            event.target.value = ''; // choosing the same file again uploads it again
          }}
        />
        {canGold && (
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" checked={isGold} disabled={isBusy} onChange={(event) => setIsGold(event.target.checked)} />
            Gold items (every row carries its known answer in &ldquo;gold&rdquo;)
          </label>
        )}
      </div>

      {phase.kind === 'sending' && (
        <div className="space-y-1" aria-live="polite">
          <div className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(phase.progress * 100)}>
            <div className="h-full bg-amber-500 transition-[width]" style={{ width: `${phase.progress * 100}%` }} />
          </div>
          <p className="text-xs text-zinc-500">Uploading… {Math.round(phase.progress * 100)}%</p>
        </div>
      )}
      {phase.kind === 'importing' && <p className="text-sm text-zinc-600" aria-live="polite">Checking and importing the rows…</p>}
      {phase.kind === 'error' && <p role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">{phase.message}</p>}

      {result && (
        <UploadResult
          batch={result.batch}
          onImportGoodLines={
            result.mode === 'all_or_nothing' && result.batch.status === 'FAILED' && hasGoodLines(result.batch) && lastFile.current
              ? () => upload(lastFile.current!, 'skip_invalid', result.batch.isGold)
              : undefined
          }
        />
      )}
    </div>
  );
}

function hasGoodLines(batch: BatchDto): boolean {
  const isFileProblem = batch.errors.some((error) => error.line === 0);
  return !isFileProblem && batch.totalRows > batch.errorRows + batch.duplicateRows;
}
