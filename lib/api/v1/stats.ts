import 'server-only';
// Project dashboard numbers for the API: the stats service's msats become whole sats (JSON integers: even
// 21 million BTC in sats is far below 2^53).
import { z } from 'zod';
import { TaskType } from '@/lib/generated/prisma/enums';
import { msatsToSats } from '@/lib/ledger/money';
import { getProjectStats, type ProjectStats } from '@/lib/projects/stats';
import { apiRoute } from '../handler';
import { projectParams } from './params';

const count = z.int().min(0);

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
});
export type ProjectStatsDto = z.output<typeof projectStatsSchema>;

export function toStatsDto(stats: ProjectStats): ProjectStatsDto {
  const { money, judgments, ...rest } = stats;
  return {
    ...rest,
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
    summary: 'Progress, spend, throughput and agreement', params: projectParams,
    response: { description: 'The project’s statistics', schema: projectStatsSchema, name: 'ProjectStats' }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => toStatsDto(await getProjectStats(actor, params.projectId)),
);
