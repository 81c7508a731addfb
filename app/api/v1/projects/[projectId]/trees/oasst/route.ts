import { exportOasstRoute, importOasstRoute } from '@/lib/api/v1/trees';

export const dynamic = 'force-dynamic';
export const GET = exportOasstRoute.handle;
export const POST = importOasstRoute.handle;
