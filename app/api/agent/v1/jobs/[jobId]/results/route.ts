import { jobResultsRoute } from '@/lib/agents/routes';

export const dynamic = 'force-dynamic';
export const GET = jobResultsRoute.handle;
export const maxDuration = 90;
