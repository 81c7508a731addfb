import { publishProjectRoute } from '@/lib/api/v1/projects';

export const dynamic = 'force-dynamic';
export const POST = publishProjectRoute.handle;
