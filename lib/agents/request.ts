import 'server-only';
// An agent's job request, checked as completely as a team's project settings and batch upload are, before any
// invoice is issued: a request that could not become a job is never charged for.
import { z } from 'zod';
import { agentJobInputSchema, agentJobRequestSchema, type AgentJobInput } from '@/lib/agent-client/schemas';
import { ApiError, type ProblemFieldError } from '@/lib/api/problem';
import { isAppError } from '@/lib/errors';
import { ceilToWholeSat, judgmentCostMsats, satsToMsats } from '@/lib/ledger/money';
import { isTaskInputError, parseTypeConfig } from '@/lib/tasks';
import { toRowFromJson } from '@/lib/batches/rows';
import { validateRow } from '@/lib/batches/validate-row';
import { LnurlPayError } from '@/lib/lnurl/pay-client';
import { DEFAULT_JOB_DEADLINE_HOURS, getAgentFeeBps } from './config';
import { checkRefundTarget, type RefundTargetOptions } from './refund-target';
import { parseTreeJobRequest, type TreeJobRequest } from './tree-request';

export type AgentJobItem = { externalId: string; payloadJson: string };

export type AgentJobRequest = ItemJobRequest | TreeJobRequest;

export type ItemJobRequest = {
  kind: 'items';
  input: z.output<typeof agentJobInputSchema>;
  typeConfig: unknown;
  items: AgentJobItem[];
  judgments: number;
  feeBps: number;
  rewardMsats: bigint;
  priceMsats: bigint;
  deadlineHours: number;
};

const fieldError = (path: string, message: string, code = 'custom'): ProblemFieldError => ({ path, message, code });

/** Validates the body; throws VALIDATION_FAILED listing every bad field and item (by index) at once. */
export function parseAgentJobRequest(body: unknown, refundTargetOptions: RefundTargetOptions = {}): AgentJobRequest {
  const parsed = agentJobRequestSchema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => fieldError(['body', ...issue.path.map(String)].join('.'), issue.message, issue.code));
    throw new ApiError('VALIDATION_FAILED', 'The job request is invalid.', { errors });
  }
  const refundError = checkRefundTo(parsed.data.refundTo, refundTargetOptions);
  if (parsed.data.taskType === 'TREE_REPLIES' || parsed.data.taskType === 'TREE_RANKING') {
    if (refundError) throw new ApiError('VALIDATION_FAILED', 'The job request is invalid.', { errors: [refundError] });
    return parseTreeJobRequest(parsed.data);
  }
  return parseItemJobRequest(parsed.data, refundError);
}

/** The refund destination's problem, if any, as a field error (contacting nothing). */
function checkRefundTo(refundTo: AgentJobInputOutput['refundTo'], options: RefundTargetOptions): ProblemFieldError | null {
  try {
    if (refundTo.type === 'lightning_address') checkRefundTarget('LIGHTNING_ADDRESS', refundTo.address, options);
    else checkRefundTarget('LNURL_PAY', refundTo.lnurl, options);
    return null;
  } catch (error) {
    if (!(error instanceof LnurlPayError)) throw error;
    return fieldError('body.refundTo', error.message);
  }
}

type AgentJobInputOutput = z.output<typeof agentJobInputSchema>;

function parseItemJobRequest(input: AgentJobInputOutput, refundError: ProblemFieldError | null): ItemJobRequest {
  let typeConfig: unknown;
  try {
    typeConfig = parseTypeConfig(input.taskType, input.typeConfig ?? {});
  } catch (error) {
    if (!isTaskInputError(error)) throw error;
    const errors = error.issues.map((issue) => fieldError(['body.typeConfig', ...(issue.path ? [issue.path] : [])].join('.'), issue.message));
    throw new ApiError('VALIDATION_FAILED', 'The typeConfig does not fit the task type.', { errors });
  }

  const errors: ProblemFieldError[] = refundError ? [refundError] : [];
  const items: AgentJobItem[] = [];
  const seen = new Set<string>();
  input.items.forEach((raw, index) => {
    const path = `body.items.${index}`;
    const row = toRowFromJson(raw);
    if (!row.ok) return void errors.push(fieldError(path, row.reason));
    if (row.row.gold !== undefined) return void errors.push(fieldError(path, 'agent jobs have no gold answers: remove "gold"'));
    if (seen.has(row.row.externalId)) return void errors.push(fieldError(path, `the id "${row.row.externalId}" is used by an earlier item`));
    seen.add(row.row.externalId);
    try {
      const { payloadJson } = validateRow({ taskType: input.taskType, typeConfig, isGold: false }, row.row);
      items.push({ externalId: row.row.externalId, payloadJson });
    } catch (error) {
      if (isAppError(error) || isTaskInputError(error)) errors.push(fieldError(path, error.message));
      else throw error;
    }
  });
  if (errors.length > 0) throw new ApiError('VALIDATION_FAILED', 'The job request is invalid.', { errors: errors.slice(0, 100) });

  const feeBps = getAgentFeeBps();
  const rewardMsats = satsToMsats(input.rewardSats);
  const judgments = items.length * input.judgmentsPerItem;
  return {
    kind: 'items',
    input,
    typeConfig,
    items,
    judgments,
    feeBps,
    rewardMsats,
    // Whole sats: wallets show 1,050 msats as 1.05 sats, 1 sat or nothing at all. The rounding is refunded with
    // whatever else the job does not spend.
    priceMsats: ceilToWholeSat(judgmentCostMsats(rewardMsats, feeBps) * BigInt(judgments)),
    deadlineHours: input.deadlineHours ?? DEFAULT_JOB_DEADLINE_HOURS,
  };
}

export type { AgentJobInput };
