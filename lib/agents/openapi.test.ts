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
    // One variant per task type, each the shared fields plus that type's typeConfig and items.
    const union = doc.components.schemas.CreateAgentJobInput as { oneOf: { $ref: string }[]; discriminator: { propertyName: string } };
    expect(union.discriminator.propertyName).toBe('taskType');
    expect(doc.components.schemas.PairwiseCreateAgentJobInput).toEqual({
      allOf: [{ $ref: '#/components/schemas/CreateAgentJobInputBase' }, { $ref: '#/components/schemas/PairwiseJobItemsInput' }],
    });
    // Beside them, the conversation-tree jobs, each a variant of its own.
    expect(union.oneOf).toHaveLength(8);
    expect((union.discriminator as unknown as { mapping: Record<string, string> }).mapping).toMatchObject({
      TREE_REPLIES: '#/components/schemas/TreeRepliesCreateAgentJobInput',
      TREE_RANKING: '#/components/schemas/TreeRankingCreateAgentJobInput',
    });
    expect((doc.components.schemas.TreeRankingCreateAgentJobInput as { required: string[] }).required).toEqual(expect.arrayContaining(['taskType', 'conversation', 'candidates', 'refundTo']));
    const input = doc.components.schemas.CreateAgentJobInputBase as { required: string[] };
    expect(input.required).toEqual(expect.arrayContaining(['taskType', 'instructions', 'items', 'judgmentsPerItem', 'rewardSats', 'refundTo']));
    expect(doc.components.schemas).toHaveProperty('AgentJob');
    expect(doc.components.schemas).toHaveProperty('JobResults');
    expect(doc.components.schemas).toHaveProperty('Quote');
  });

  it('describes the 402 exactly as sent: the problem plus the challenge, with WWW-Authenticate', () => {
    type Answer = { $ref?: string; headers: Record<string, unknown>; content: Record<string, { schema: unknown }> };
    const responses = doc.paths['/jobs'].post.responses as Record<string, Answer>;
    expect(responses['402'].$ref).toBe('#/components/responses/Problem402NoKeyPaymentChallenge');
    const created: Record<string, Answer> = { ...responses, 402: (doc.components as unknown as { responses: Record<string, Answer> }).responses.Problem402NoKeyPaymentChallenge };
    expect(created['402'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/PaymentChallenge' });
    expect(created['402'].headers).toHaveProperty('WWW-Authenticate');
    expect(created['201'].headers).toHaveProperty('Location');
    const challenge = doc.components.schemas.PaymentChallenge as { required: string[]; additionalProperties: boolean };
    expect(challenge.required).toEqual(expect.arrayContaining(['type', 'code', 'detail', 'reason', 'priceMsats', 'judgments', 'invoice', 'macaroon', 'invoiceExpiresAt']));
    expect(challenge.additionalProperties).toBe(false);
    // No API key, so no key rate-limit headers; every answer names its request.
    expect(JSON.stringify(doc.paths)).not.toContain('X-RateLimit');
    expect(created['201'].headers).toHaveProperty('X-Request-Id');
  });
});
