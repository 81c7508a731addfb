import { createExportRoute, listExportsRoute } from '@/lib/api/v1/exports';

export const dynamic = 'force-dynamic';
export const GET = listExportsRoute.handle;
export const POST = createExportRoute.handle;
