import { getProjectRoute, updateProjectRoute } from '@/lib/api/v1/projects';

export const dynamic = 'force-dynamic';
export const GET = getProjectRoute.handle;
export const PATCH = updateProjectRoute.handle;
