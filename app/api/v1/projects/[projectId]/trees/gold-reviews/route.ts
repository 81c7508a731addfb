import { uploadGoldReviewsRoute } from '@/lib/api/v1/tree-uploads';

export const dynamic = 'force-dynamic';
export const POST = uploadGoldReviewsRoute.handle;
