import { resumeProjectRoute } from '@/lib/api/v1/projects';

export const dynamic = 'force-dynamic';
export const POST = resumeProjectRoute.handle;
