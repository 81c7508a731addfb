import type { BatchDto } from '@/lib/batches/schemas';
import { LineErrorTable } from './line-error-table';

const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** A problem with the whole file (empty, wrong columns, every line a duplicate): line 0, listed first. */
const fileProblemOf = (batch: BatchDto) => batch.errors.find((error) => error.line === 0)?.reason ?? null;

function describeOutcome(batch: BatchDto): string {
  if (batch.status === 'IMPORTED') return 'Every row was imported.';
  if (batch.status === 'PARTIAL') return 'The good rows were imported; the rows below were skipped.';
  const fileProblem = fileProblemOf(batch);
  if (batch.status === 'FAILED' && fileProblem) return fileProblem;
  // all_or_nothing rolled back: offer the good lines only when there are some.
  const goodLines = batch.totalRows - batch.errorRows - batch.duplicateRows;
  if (batch.status === 'FAILED' && goodLines > 0) return 'Nothing was imported: fix the rows below and upload again, or import only the good lines.';
  if (batch.status === 'FAILED') return 'Nothing was imported: fix the rows below and upload again.';
  return 'Importing…';
}

/** The outcome of one upload: counts, then every problem with its line number (first 1,000 kept). */
export function UploadResult({ batch, onImportGoodLines }: { batch: BatchDto; onImportGoodLines?: () => void }) {
  const problems = batch.errorRows + batch.duplicateRows;
  const fileProblem = fileProblemOf(batch);
  // The file-level message is the outcome line; the table lists only line problems, so the counts match it.
  const lineErrors = batch.errors.filter((error) => error.line !== 0);
  const tone = batch.status === 'IMPORTED' ? 'border-emerald-300 bg-emerald-50 dark:bg-emerald-950/30' : batch.status === 'PARTIAL' ? 'border-amber-300 bg-amber-50 dark:bg-amber-950/30' : 'border-red-300 bg-red-50 dark:bg-red-950/30';
  return (
    <section className="space-y-3" aria-label="Upload result">
      <div data-testid="batch-result" className={`rounded-xl border p-4 text-sm ${tone}`}>
        <p className="font-semibold">
          {fileProblem && batch.totalRows === 0
            ? `${batch.fileName}: nothing imported`
            : `${batch.fileName}: ${count(batch.importedRows, 'item')} imported · ${count(batch.errorRows, 'error')} · ${count(batch.duplicateRows, 'duplicate')}`}
          {batch.isGold ? ' · gold' : ''}
        </p>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">{describeOutcome(batch)}</p>
        {onImportGoodLines && batch.totalRows - batch.errorRows - batch.duplicateRows > 0 && (
          <button type="button" onClick={onImportGoodLines} className="mt-3 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
            Import the good lines
          </button>
        )}
      </div>
      {lineErrors.length > 0 && (
        <div className="space-y-1">
          {problems > lineErrors.length && (
            <p className="text-xs text-zinc-500">Showing the first {lineErrors.length.toLocaleString('en-US')} of {problems.toLocaleString('en-US')} problems.</p>
          )}
          <LineErrorTable label="Problems in the file" errors={lineErrors} testId="batch-errors" />
        </div>
      )}
    </section>
  );
}
