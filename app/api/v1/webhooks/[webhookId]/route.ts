import { deleteWebhookRoute } from '@/lib/api/v1/webhooks';

export const dynamic = 'force-dynamic';
export const DELETE = deleteWebhookRoute.handle;
