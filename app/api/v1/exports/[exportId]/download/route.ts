import { downloadExportRoute } from '@/lib/api/v1/exports';

export const dynamic = 'force-dynamic';
export const GET = downloadExportRoute.handle;
