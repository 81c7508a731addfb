import { listItemsRoute } from '@/lib/api/v1/batches';

export const dynamic = 'force-dynamic';
export const GET = listItemsRoute.handle;
