import 'server-only';
// A conversation-tree job request (TREE_REPLIES, TREE_RANKING), checked before any invoice is issued: what the
// schema can't say (candidate texts that repeat each other once folded, as the tree's duplicate check folds them)
// is refused here with the field's path.
import { ApiError, type ProblemFieldError } from '@/lib/api/problem';
import type { TreeConfig } from '@/lib/trees/config';
import { toTextKey } from '@/lib/trees/text';
import { DEFAULT_JOB_DEADLINE_HOURS, getAgentFeeBps } from './config';
import { priceTreeJob, buildTreeJobConfig, type TreeJobInput, type TreeJobPrice } from './tree-plan';

export type TreeJobRequest = {
  kind: 'tree';
  input: TreeJobInput;
  treeConfig: TreeConfig;
  price: TreeJobPrice;
  judgments: number;
  feeBps: number;
  priceMsats: bigint;
  deadlineHours: number;
};

export function parseTreeJobRequest(input: TreeJobInput): TreeJobRequest {
  if (input.taskType === 'TREE_RANKING') {
    const errors: ProblemFieldError[] = [];
    const seen = new Map<string, number>();
    input.candidates.forEach((candidate, index) => {
      const key = toTextKey(candidate.text);
      const earlier = seen.get(key);
      if (earlier !== undefined) errors.push({ path: `body.candidates.${index}.text`, message: `says the same as candidate ${earlier}`, code: 'custom' });
      else seen.set(key, index);
    });
    if (errors.length > 0) throw new ApiError('VALIDATION_FAILED', 'The job request is invalid.', { errors });
  }
  const feeBps = getAgentFeeBps();
  const treeConfig = buildTreeJobConfig(input);
  const price = priceTreeJob(treeConfig, feeBps);
  return {
    kind: 'tree',
    input,
    treeConfig,
    price,
    judgments: price.judgments,
    feeBps,
    priceMsats: price.priceMsats,
    deadlineHours: input.deadlineHours ?? DEFAULT_JOB_DEADLINE_HOURS,
  };
}
