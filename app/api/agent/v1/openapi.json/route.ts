import { agentOpenApiRoute } from '@/lib/agents/openapi';

export const dynamic = 'force-dynamic';
export const GET = agentOpenApiRoute.handle;
