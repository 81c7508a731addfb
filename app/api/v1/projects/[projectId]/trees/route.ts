import { createTreeRoute, listTreesRoute } from '@/lib/api/v1/trees';

export const dynamic = 'force-dynamic';
export const GET = listTreesRoute.handle;
export const POST = createTreeRoute.handle;
