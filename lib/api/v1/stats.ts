import 'server-only';
// Project dashboard numbers for the API: the stats service's msats become whole sats (JSON integers: even
// 21 million BTC in sats is far below 2^53).
import { z } from 'zod';
import { TaskType } from '@/lib/generated/prisma/enums';
import { msatsToSats } from '@/lib/ledger/money';
import { getProjectStats, type ProjectStats } from '@/lib/projects/stats';
import { BIASED_WORKER_ALPHA, BIASED_WORKER_MIN_ANSWERS, listBiasedWorkers, type PositionBias } from '@/lib/quality/position-bias';
import { apiRoute } from '../handler';
import { projectParams } from './params';

const count = z.int().min(0);
const share = z.number().min(0).max(1).nullable();

const positionFigureSchema = z.object({
  decisive: count.describe('Answers with one clear winner (PAIRWISE A or B; RANKING a single response on top).'),
  firstWins: count.describe('…of which the response shown first won.'),
  rate: share.describe('firstWins / decisive; null with no decisive answer.'),
  expected: share.describe('The rate with no position bias: 1/2 for a pair, 1/k for a ranking of k (mean over the answers).'),
  low: share.describe('Wilson 95% interval of the rate, lower end.'),
  high: share.describe('Wilson 95% interval of the rate, upper end.'),
  pValue: share.describe('Two-sided test of "no bias": exact binomial, or a normal approximation when rankings of several sizes mix.'),
});

const positionBiasSchema = z
  .object({
    project: positionFigureSchema,
    flaggedWorkers: z
      .array(positionFigureSchema.extend({ workerId: z.string().describe('The worker’s pseudonym, as in exports and the judgments endpoint.') }))
      .describe(`Workers with ${BIASED_WORKER_MIN_ANSWERS} or more decisive answers whose rate differs from no bias at p < ${BIASED_WORKER_ALPHA}, most significant first (the dashboard's and the dataset card's list).`),
    workersWithDecisiveAnswers: count.describe('Workers with at least one decisive answer.'),
  })
  .nullable()
  .describe('PAIRWISE and RANKING projects: how often the response shown first wins, over non-exam judgments that were not rejected; null for other task types.');

export const projectStatsSchema = z.object({
  taskType: z.enum(TaskType),
  items: z.object({ total: count, done: count, inProgress: count, waiting: count, gold: count, cancelled: count }),
  remainingJudgments: count.describe('Judgments still to collect on open work items.'),
  judgments: z.object({ total: count, PENDING: count, APPROVED: count, REJECTED: count }),
  money: z.object({
    spentSats: count.describe('Rewards and fees paid from escrow for approved judgments.'),
    escrowSats: count,
    pendingCostSats: count.describe('What pending judgments will cost when approved.'),
  }),
  throughput: z.object({
    last24h: count,
    perHour: z.number(),
    buckets: z.array(z.object({ start: z.iso.datetime(), count })).describe('24 hourly buckets, oldest first.'),
  }),
  etaHours: z.number().nullable().describe('Hours until all remaining judgments are in at the last 24h’s pace.'),
  agreement: z.object({
    method: z.string(),
    alpha: z.number().nullable().describe('Krippendorff’s alpha.'),
    percent: z.number().nullable(),
    units: count,
    itemsUsed: count,
    capped: z.boolean(),
  }),
  gold: z.object({ judged: count, correct: count, accuracy: z.number().nullable() }),
  positionBias: positionBiasSchema,
});
export type ProjectStatsDto = z.output<typeof projectStatsSchema>;

function toPositionBiasDto(bias: PositionBias | null): ProjectStatsDto['positionBias'] {
  if (!bias) return null;
  return { project: bias.project, flaggedWorkers: listBiasedWorkers(bias), workersWithDecisiveAnswers: bias.workers.length };
}

export function toStatsDto(stats: ProjectStats): ProjectStatsDto {
  const { money, judgments, positionBias, ...rest } = stats;
  return {
    ...rest,
    positionBias: toPositionBiasDto(positionBias),
    judgments: { total: judgments.total, PENDING: judgments.PENDING, APPROVED: judgments.APPROVED, REJECTED: judgments.REJECTED },
    money: {
      spentSats: Number(msatsToSats(money.spentMsats)),
      escrowSats: Number(msatsToSats(money.escrowMsats)),
      pendingCostSats: Number(msatsToSats(money.pendingCostMsats)),
    },
  };
}

export const getProjectStatsRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}/stats', operationId: 'getProjectStats', tag: 'Projects',
    summary: 'Progress, spend, throughput, agreement and position bias', params: projectParams,
    response: { description: 'The project’s statistics', schema: projectStatsSchema, name: 'ProjectStats' }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => toStatsDto(await getProjectStats(actor, params.projectId)),
);
