import { getBatchRoute } from '@/lib/api/v1/batches';

export const dynamic = 'force-dynamic';
export const GET = getBatchRoute.handle;
