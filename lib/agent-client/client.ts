// A typed client for Boltwork's agent API (/api/agent/v1): quotes for free, creates jobs by paying their L402
// challenge, and reads them back with the token it paid for. Endpoint shapes are in schemas.ts (a proposal the
// server will implement).
import type { z } from 'zod';

import { AgentApiError, AgentResponseError, problemSchema } from './errors';
import { createL402Fetch, type L402FetchOptions } from './l402-fetch';
import type { L402Token } from './l402-token';
import {
  agentJobRequestSchema,
  agentJobSchema,
  jobResultsSchema,
  quoteSchema,
  type AgentJob,
  type AgentJobRequestInput,
  type JobResults,
  type Quote,
} from './schemas';

export type AgentClientOptions = L402FetchOptions & { baseUrl: string | URL };

export type CreatedJob = {
  job: AgentJob;
  /** Keep it: reading the job and its results needs it. Null only if the server created the job without charging. */
  token: L402Token | null;
  paidMsats: bigint;
};

export type AgentClient = {
  /** Any job: an item job, or a conversation-tree job (`taskType` TREE_REPLIES or TREE_RANKING; results in `tree`). */
  quote(job: AgentJobRequestInput): Promise<Quote>;
  /** Pass `token` to retry a creation that was paid but failed, instead of paying again. */
  createJob(job: AgentJobRequestInput, options?: { token?: L402Token }): Promise<CreatedJob>;
  getJob(id: string, token: L402Token): Promise<AgentJob>;
  /** `waitSeconds` long-polls until the job is done or the wait runs out. */
  getResults(id: string, token: L402Token, options?: { waitSeconds?: number }): Promise<JobResults>;
};

const API_PATH = '/api/agent/v1';

export function createAgentClient(options: AgentClientOptions): AgentClient {
  const l402Fetch = createL402Fetch(options);
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  // Joined as text, not `new URL(path, base)`, so a base URL with a path prefix keeps it.
  const base = String(options.baseUrl).replace(/\/+$/, '');
  const urlFor = (path: string) => `${base}${API_PATH}${path}`;
  const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

  return {
    async quote(job) {
      // Plain fetch: a quote is free, so a 402 here must never be paid.
      const response = await fetchImpl(urlFor('/quote'), jsonPost(agentJobRequestSchema.parse(job)));
      return readJson(response, quoteSchema, null);
    },

    async createJob(job, { token } = {}) {
      const response = await l402Fetch(urlFor('/jobs'), { ...jsonPost(agentJobRequestSchema.parse(job)), token });
      return { job: await readJson(response, agentJobSchema, response.token), token: response.token, paidMsats: response.paidMsats };
    },

    async getJob(id, token) {
      const response = await l402Fetch(urlFor(jobPath(id)), { token });
      return readJson(response, agentJobSchema, token);
    },

    async getResults(id, token, { waitSeconds } = {}) {
      const query = new URLSearchParams();
      if (waitSeconds !== undefined) {
        if (!Number.isSafeInteger(waitSeconds) || waitSeconds < 0) throw new RangeError('waitSeconds must be an integer >= 0');
        query.set('wait', String(waitSeconds));
      }
      const search = query.size > 0 ? `?${query}` : '';
      const response = await l402Fetch(urlFor(`${jobPath(id)}/results${search}`), { token });
      return readJson(response, jobResultsSchema, token);
    },
  };
}

function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A non-2xx becomes AgentApiError (with the problem+json body when there is one); a 2xx must match `schema`. */
async function readJson<Schema extends z.ZodType>(
  response: Response,
  schema: Schema,
  token: L402Token | null,
): Promise<z.output<Schema>> {
  const text = await response.text();
  const json = parseJsonOrNull(text);
  if (!response.ok) {
    const problem = problemSchema.safeParse(json);
    throw new AgentApiError(response.status, problem.success ? problem.data : null, token);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AgentResponseError(`Unexpected response from ${response.url || 'the server'}`, token, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
