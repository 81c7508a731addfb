import { createJobRoute } from '@/lib/agents/routes';

export const dynamic = 'force-dynamic';
export const POST = createJobRoute.handle;
