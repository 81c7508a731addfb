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
import { getTreeJobResult, isTreeJobFinished } from './tree-results';

const POLL_MS = 1000;

type Job = Awaited<ReturnType<typeof getAgentJob>>;

const pendingJudgments = (jobId: string) => db.judgment.count({ where: { project: { agentJob: { id: jobId } }, status: 'PENDING', isExam: false } });

/**
 * Closes the job as soon as every item has its judgments (the sweep would within a minute), so the agent sees DONE
 * and unused sats start back. The answers are complete, i.e. will not change any more, once the job is closed and
 * no judgment is still waiting for review.
 */
async function settle(job: Job, treeProjectId: string | null): Promise<{ job: Job; isComplete: boolean }> {
  let current = job;
  // A tree job is done when its tree is (its tasks open one step after another, so "every item done" says nothing).
  const finished = treeProjectId ? await isTreeJobFinished(treeProjectId) : current.itemsTotal > 0 && current.itemsDone === current.itemsTotal;
  if (current.status === 'ACTIVE' && finished) {
    await closeAgentJob(current.id, 'DONE');
    current = await getAgentJob(current.id, { eta: false });
  }
  return { job: current, isComplete: current.status !== 'ACTIVE' && (await pendingJudgments(current.id)) === 0 };
}

export async function getJobResults(jobId: string, options: { waitSeconds?: number; signal?: AbortSignal } = {}) {
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  const project = await db.project.findFirstOrThrow({ where: { agentJob: { id: jobId } }, select: { id: true, taskType: true, typeConfig: true, treeConfig: true } });
  const treeProjectId = project.treeConfig === null ? null : project.id;
  let state = await settle(await getAgentJob(jobId, { eta: false }), treeProjectId);
  while (!state.isComplete && Date.now() + POLL_MS <= deadline && !options.signal?.aborted) {
    await sleep(POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
    state = await settle(await getAgentJob(jobId, { eta: false }), treeProjectId);
  }
  // The estimate only for the answer, not on every poll.
  const job = state.job.status === 'ACTIVE' ? await getAgentJob(jobId) : state.job;
  if (treeProjectId) return { job, isComplete: state.isComplete, items: [], tree: await getTreeJobResult(treeProjectId) };

  const items = [];
  for await (const page of readItemPages(project.id, { status: 'approved', gold: 'exclude' })) {
    const aggregated = aggregateItems(
      project.taskType,
      project.typeConfig,
      page.map(({ item, judgments }) => ({ externalId: item.externalId, isGold: item.isGold, payload: item.payload, judgments })),
    );
    items.push(...aggregated.map(toAggregatedRecord));
  }
  return { job, isComplete: state.isComplete, items };
}
