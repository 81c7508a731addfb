import { describe, expect, it } from 'vitest';

const { getAgentOpenApiDocument } = await import('./openapi');
const doc = getAgentOpenApiDocument();

describe('agent OpenAPI document', () => {
  it('documents every agent operation under /api/agent/v1, with the L402 scheme where a token is used', () => {
    expect(doc.servers).toEqual([{ url: '/api/agent/v1' }]);
    expect(Object.keys(doc.paths).sort()).toEqual(['/jobs', '/jobs/{jobId}', '/jobs/{jobId}/results', '/quote']);
    expect(doc.paths['/quote'].post.security).toEqual([]);
    expect(doc.paths['/jobs'].post.security).toEqual([{ l402: [] }, {}]);
    expect(doc.paths['/jobs/{jobId}'].get.security).toEqual([{ l402: [] }]);
    expect(Object.keys(doc.paths['/jobs'].post.responses as object)).toEqual(expect.arrayContaining(['201', '401', '402', '422']));
    expect(doc.components.securitySchemes).toHaveProperty('l402');
  });

  it('describes the request and answers with the schemas the handlers use', () => {
    const input = doc.components.schemas.CreateAgentJobInput as { required: string[]; properties: Record<string, unknown> };
    expect(input.required).toEqual(expect.arrayContaining(['taskType', 'instructions', 'items', 'judgmentsPerItem', 'rewardSats', 'refundTo']));
    expect(doc.components.schemas).toHaveProperty('AgentJob');
    expect(doc.components.schemas).toHaveProperty('JobResults');
    expect(doc.components.schemas).toHaveProperty('Quote');
  });
});
