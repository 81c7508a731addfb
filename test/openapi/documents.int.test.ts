// The published OpenAPI documents are valid OpenAPI 3.1 (the official meta-schema, bundled, so offline), and the
// response validator every API integration test goes through really does catch what it should.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { getOpenApiDocument } = await import('@/lib/api/openapi');
const { getAgentOpenApiDocument } = await import('@/lib/agents/openapi');
const { findOpenApiViolations } = await import('./documented');

const headersOf = (entries: Record<string, string>) => new Headers(entries);
const project = {
  id: '7d9f6a4e-8a8e-4f35-9d55-0a3c5d7c1b11', title: 'T', taskType: 'PAIRWISE', status: 'DRAFT', statusReason: null, instructions: '',
  typeConfig: { criteria: [], allowTie: true, allowBothBad: true, askStrength: false, rationale: 'off' },
  rewardSats: 10, feeBps: 1000, judgmentsPerItem: 1, maxJudgmentsPerItem: null, agreementThreshold: null, goldRatio: 0, minSeconds: 0,
  estimatedSeconds: 30, leaseSeconds: 600, examGoldCount: 0, examPassCount: 0, autoApproveAfterHours: null, license: null, budgetAlertSats: null,
  createdAt: '2026-12-07T10:00:00.000Z', updatedAt: '2026-12-07T10:00:00.000Z', closedAt: null, items: { total: 0, done: 0, open: 0, gold: 0 }, escrowSats: 0, treeConfig: null, trees: null,
};

describe('the OpenAPI documents', () => {
  it.each([['team', getOpenApiDocument], ['agent', getAgentOpenApiDocument]])('the %s document is valid OpenAPI 3.1', async (_name, build) => {
    const result = await new Validator().validate(structuredClone(build()) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('the response validator', () => {
  const ok = { 'content-type': 'application/json', 'x-request-id': 'r1', 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '599', 'x-ratelimit-reset': '60' };

  it('accepts a conforming answer', async () => {
    const body = { ...project, qualityRules: (await import('@/lib/quality/rules')).qualityRulesSchema.parse({}) };
    expect(await findOpenApiViolations('team', { method: 'GET', path: `/projects/${project.id}`, status: 200, headers: headersOf(ok), body })).toEqual([]);
  });

  it('catches an undocumented status, a missing or undeclared header, a wrong body and a typeConfig of another task type', async () => {
    const qualityRules = (await import('@/lib/quality/rules')).qualityRulesSchema.parse({});
    const at = { method: 'GET', path: `/projects/${project.id}` };
    expect((await findOpenApiViolations('team', { ...at, status: 418, headers: headersOf(ok), body: {} }))[0]).toMatch(/status not documented/);
    const { 'x-request-id': _id, ...withoutId } = ok;
    expect(await findOpenApiViolations('team', { ...at, status: 200, headers: headersOf({ ...withoutId, location: '/x' }), body: { ...project, qualityRules } })).toEqual([
      expect.stringMatching(/X-Request-Id is required/),
      expect.stringMatching(/location is sent but not documented/),
    ]);
    expect((await findOpenApiViolations('team', { ...at, status: 200, headers: headersOf(ok), body: { ...project, qualityRules, escrowSats: '1' } })).join()).toMatch(/escrowSats must be integer/);
    const ranking = { ...project, qualityRules, taskType: 'RANKING' };
    expect((await findOpenApiViolations('team', { ...at, status: 200, headers: headersOf(ok), body: ranking })).length).toBeGreaterThan(0);
    expect((await findOpenApiViolations('team', { method: 'GET', path: '/nowhere', status: 200, headers: headersOf(ok) }))[0]).toMatch(/not in the document/);
  });
});
