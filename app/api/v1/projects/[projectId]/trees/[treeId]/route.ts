import { getTreeRoute } from '@/lib/api/v1/tree-detail';

export const dynamic = 'force-dynamic';
export const GET = getTreeRoute.handle;
