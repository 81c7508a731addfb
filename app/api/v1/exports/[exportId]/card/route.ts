import { getExportCardRoute } from '@/lib/api/v1/exports';

export const dynamic = 'force-dynamic';
export const GET = getExportCardRoute.handle;
