import { createProjectRoute, listProjectsRoute } from '@/lib/api/v1/projects';

export const dynamic = 'force-dynamic';
export const GET = listProjectsRoute.handle;
export const POST = createProjectRoute.handle;
