import { getExportRoute } from '@/lib/api/v1/exports';

export const dynamic = 'force-dynamic';
export const GET = getExportRoute.handle;
