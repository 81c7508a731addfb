// The dashboard's position-bias section (PAIRWISE/RANKING): how often the response shown first wins, for the
// project and the workers whose answers lean most on position. Server component: figures only, no interaction.
import { Stat } from '@/components/ui/stat';
import { listBiasedWorkers, type PositionBias, type PositionBiasFigure } from '@/lib/quality/position-bias';

const pct = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const formatP = (p: number | null) => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const interval = (f: PositionBiasFigure) => (f.low === null || f.high === null ? '—' : `${pct(f.low)}–${pct(f.high)}`);

const columns = ['Worker (export id)', 'Decisive', 'First wins', '95% CI', 'p'];

/** How many workers the table lists at most (most significant first). */
const SHOWN_WORKERS = 10;

export function PositionBiasPanel({ bias }: { bias: PositionBias }) {
  const { project } = bias;
  const flagged = listBiasedWorkers(bias);
  const rows = bias.workers.slice(0, SHOWN_WORKERS);
  return (
    <section aria-labelledby="position-bias-heading" className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="position-bias">
      <h2 id="position-bias-heading" className="font-semibold">Position bias</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Stat
          label="First shown wins"
          value={<span data-testid="stat-position-first-wins">{pct(project.rate)}</span>}
          hint={`${project.firstWins.toLocaleString('en-US')} of ${project.decisive.toLocaleString('en-US')} decisive answers; 95% CI ${interval(project)}`}
        />
        <Stat label="With no bias" value={pct(project.expected)} hint="Half for a pair; 1 in k for a ranking of k." />
        <Stat
          label="p-value"
          value={<span data-testid="stat-position-p">{formatP(project.pValue)}</span>}
          hint={`${flagged.length} worker${flagged.length === 1 ? '' : 's'} with 20+ answers differ at p < 0.01.`}
        />
      </div>
      {rows.length > 0 && (
        <table className="w-full text-left text-sm tabular-nums">
          <caption className="sr-only">Workers whose answers lean most on position</caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              {columns.map((column, n) => (
                <th key={column} scope="col" className={`py-1 font-medium ${n > 0 ? 'text-right' : ''}`}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.workerId} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 font-mono text-xs">{w.workerId}</td>
                <td className="py-1 text-right">{w.decisive}</td>
                <td className="py-1 text-right">{pct(w.rate)}</td>
                <td className="py-1 text-right">{interval(w)}</td>
                <td className="py-1 text-right">{formatP(w.pValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-xs text-zinc-500">
        Answers with one clear winner only (ties, “both bad” and tied tops left out; rejected work left out). Workers are named as in
        your exports. p is an exact binomial test against no bias (normal approximation when rankings mix sizes).
      </p>
    </section>
  );
}
