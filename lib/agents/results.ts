import 'server-only';
// A job's aggregated answers, in the AGGREGATED_JSONL export's row shape, computed by the export's own aggregation
// (lib/exports/aggregate.ts) over approved judgments. `wait` long-polls the database (state lives only there, so
// any app server can answer) until the job is complete or the wait runs out.
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/lib/db';
import { aggregateItems } from '@/lib/exports/aggregate';
import { toAggregatedRecord } from '@/lib/exports/formats/aggregated';
import { readItemPages } from '@/lib/exports/read';
import { closeAgentJob } from './close';
import { getAgentJob } from './read';

const POLL_MS = 1000;

type Job = Awaited<ReturnType<typeof getAgentJob>>;

/** Every item has its judgments and none is still waiting for review: the answers will not change any more. */
async function isWorkComplete(job: Job): Promise<boolean> {
  if (job.status !== 'ACTIVE') return true;
  if (job.itemsTotal === 0 || job.itemsDone < job.itemsTotal) return false;
  const pending = await db.judgment.count({ where: { project: { agentJob: { id: job.id } }, status: 'PENDING', isExam: false } });
  return pending === 0;
}

/** Reading a finished job closes it at once (the sweep would within a minute): the agent sees DONE, and any unused sats start back. */
async function settleIfDone(job: Job): Promise<{ job: Job; isComplete: boolean }> {
  if (!(await isWorkComplete(job))) return { job, isComplete: false };
  if (job.status === 'ACTIVE') {
    await closeAgentJob(job.id, 'DONE');
    return { job: await getAgentJob(job.id), isComplete: true };
  }
  return { job, isComplete: true };
}

export async function getJobResults(jobId: string, options: { waitSeconds?: number; signal?: AbortSignal } = {}) {
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  let state = await settleIfDone(await getAgentJob(jobId));
  while (!state.isComplete && Date.now() + POLL_MS <= deadline && !options.signal?.aborted) {
    await sleep(POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
    state = await settleIfDone(await getAgentJob(jobId));
  }

  const project = await db.project.findFirstOrThrow({ where: { agentJob: { id: jobId } }, select: { id: true, taskType: true, typeConfig: true } });
  const items = [];
  for await (const page of readItemPages(project.id, { status: 'approved', gold: 'exclude' })) {
    const aggregated = aggregateItems(
      project.taskType,
      project.typeConfig,
      page.map(({ item, judgments }) => ({ externalId: item.externalId, isGold: item.isGold, payload: item.payload, judgments })),
    );
    items.push(...aggregated.map(toAggregatedRecord));
  }
  return { job: state.job, isComplete: state.isComplete, items };
}
