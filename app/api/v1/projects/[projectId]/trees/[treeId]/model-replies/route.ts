import { addModelRepliesRoute } from '@/lib/api/v1/trees';

export const dynamic = 'force-dynamic';
export const POST = addModelRepliesRoute.handle;
