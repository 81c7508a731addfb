import { listBatchesRoute, uploadBatchRoute } from '@/lib/api/v1/batches';

export const dynamic = 'force-dynamic';
// Uploads stream for as long as they take; the import runs inside this request.
export const maxDuration = 1800;
export const GET = listBatchesRoute.handle;
export const POST = uploadBatchRoute.handle;
