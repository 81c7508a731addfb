import { openApiRoute } from '@/lib/api/v1/meta';

export const dynamic = 'force-dynamic';
export const GET = openApiRoute.handle;
