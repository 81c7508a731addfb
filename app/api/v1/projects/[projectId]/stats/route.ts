import { getProjectStatsRoute } from '@/lib/api/v1/stats';

export const dynamic = 'force-dynamic';
export const GET = getProjectStatsRoute.handle;
