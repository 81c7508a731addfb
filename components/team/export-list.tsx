'use client';
// The project's exports with live progress: refreshes the page every 2 s while one is queued or running.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { ExportDto } from '@/lib/exports/schemas';

const POLL_MS = 2000;

const statusStyles: Record<ExportDto['status'], string> = {
  QUEUED: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  RUNNING: 'bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200',
  READY: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200',
  FAILED: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  EXPIRED: 'bg-zinc-100 text-zinc-500 dark:bg-zinc-800',
};

function formatBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function ExportList({ exports, formatLabels }: { exports: ExportDto[]; formatLabels: Record<string, string> }) {
  const router = useRouter();
  const isBusy = exports.some((e) => e.status === 'QUEUED' || e.status === 'RUNNING');
  useEffect(() => {
    if (!isBusy) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [isBusy, router]);

  if (exports.length === 0) return <p className="text-sm text-zinc-500">No exports yet. Pick a format and create one.</p>;
  return (
    <ul className="space-y-3" data-testid="export-list">
      {exports.map((e) => (
        <li key={e.id} className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="export-row">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-medium">
              {formatLabels[e.format] ?? e.format}
              {e.container === 'parquet' && <span className="ml-1.5 text-sm font-normal text-zinc-500" data-testid="export-container">· Parquet</span>}
            </p>
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusStyles[e.status]}`} data-testid="export-status">{e.status}</span>
          </div>
          <p className="text-xs text-zinc-500">
            {/* UTC text, not toLocaleString: the server and the browser must render the same string. */}
            {e.createdAt.slice(0, 16).replace('T', ' ')} UTC · {e.rowsWritten.toLocaleString('en-US')}
            {e.status !== 'READY' && e.rowsTotal !== null ? ` of ~${e.rowsTotal.toLocaleString('en-US')}` : ''} rows
            {e.fileBytes !== null ? ` · ${formatBytes(e.fileBytes)} gzip` : ''}
          </p>
          {(e.status === 'QUEUED' || e.status === 'RUNNING') && (
            <div className="h-2 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(e.progress * 100)}>
              <div className="h-full bg-blue-600 transition-all" style={{ width: `${Math.round(e.progress * 100)}%` }} />
            </div>
          )}
          {e.status === 'FAILED' && e.error && <p className="text-sm text-red-600">{e.error}</p>}
          {e.status === 'READY' && (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
              {e.parts.map((part) => (
                <span key={part} className="flex items-center gap-1.5">
                  {e.parts.length > 1 && <span className="text-zinc-500">{part}:</span>}
                  <a href={`/api/team/exports/${e.id}?part=${part}`} download data-testid={`export-download-${part}`} className="font-semibold text-blue-700 underline dark:text-blue-300">
                    Download
                  </a>
                  {/* Parquet pages are compressed already: gzip would add little. */}
                  {e.container !== 'parquet' && (
                    <a href={`/api/team/exports/${e.id}?part=${part}&compressed=1`} download className="text-zinc-600 underline dark:text-zinc-400">
                      .gz
                    </a>
                  )}
                </span>
              ))}
              <a href={`/api/team/exports/${e.id}?file=card`} target="_blank" rel="noreferrer" className="text-zinc-600 underline dark:text-zinc-400" data-testid="export-card">
                Dataset card
              </a>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
