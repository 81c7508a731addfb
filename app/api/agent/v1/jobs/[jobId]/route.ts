import { cancelJobRoute, getJobRoute } from '@/lib/agents/routes';

export const dynamic = 'force-dynamic';
export const GET = getJobRoute.handle;
export const DELETE = cancelJobRoute.handle;
