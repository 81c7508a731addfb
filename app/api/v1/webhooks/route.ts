import { createWebhookRoute, listWebhooksRoute } from '@/lib/api/v1/webhooks';

export const dynamic = 'force-dynamic';
export const GET = listWebhooksRoute.handle;
export const POST = createWebhookRoute.handle;
