// The dataset card's lines on how categorical labels were aggregated and on position bias. Pure; card.ts calls it
// so the card's own layout stays in one place.
import { aggregationOptionsSchema, type AggregationOptions } from '@/lib/aggregation/options';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { listBiasedWorkers, type PositionBias } from '@/lib/quality/position-bias';

const methodNames: Record<AggregationOptions['method'], string> = {
  dawid_skene: 'Dawid-Skene (1979)',
  bayesian_dawid_skene: 'Bayesian Dawid-Skene (Dirichlet worker priors)',
  mace: 'MACE (Hovy et al. 2013)',
  majority: 'majority vote',
};

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const formatP = (p: number | null) => (p === null ? 'n/a' : p < 0.001 ? '< 0.001' : p.toFixed(3));

/** Markdown lines (each section ends with a blank line); none when neither applies. */
export function describeAggregationAndBias(input: { taskType: TaskType; aggregation?: unknown; positionBias?: PositionBias | null }): string[] {
  const lines: string[] = [];
  if (input.taskType === 'CLASSIFICATION' || input.taskType === 'MULTI_LABEL') {
    const parsed = aggregationOptionsSchema.safeParse(input.aggregation ?? {});
    const options = parsed.success ? parsed.data : aggregationOptionsSchema.parse({});
    lines.push(
      '## Aggregation',
      '',
      options.method === 'majority'
        ? `- Aggregated labels: majority vote per item${input.taskType === 'MULTI_LABEL' ? ' and label' : ''}.`
        : `- Aggregated labels: ${methodNames[options.method]}, one model fitted on the whole exported project (all items, not per page); majority vote when too few workers answered several items or EM did not converge (see each row's \`method\`).`,
      `- Ties: a seeded draw per item (seed "${options.tieSeed}"), not label order.`,
      '',
    );
  }
  const bias = input.positionBias;
  if (bias) {
    const { project } = bias;
    const flagged = listBiasedWorkers(bias);
    lines.push(
      '## Position bias',
      '',
      `- The response shown first won ${project.firstWins} of ${project.decisive} decisive answers: ${pct(project.rate)} (95% CI ${pct(project.low)}–${pct(project.high)}), against ${pct(project.expected)} with no bias; p = ${formatP(project.pValue)}.`,
      `- Workers with 20 or more decisive answers whose rate differs from no bias at p < 0.01: ${flagged.length} of ${bias.workers.length}.`,
      ...flagged.slice(0, 5).map((w) => `  - ${w.workerId}: ${pct(w.rate)} of ${w.decisive} (p = ${formatP(w.pValue)})`),
      '',
    );
  }
  return lines;
}
