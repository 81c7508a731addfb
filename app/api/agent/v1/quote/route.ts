import { quoteRoute } from '@/lib/agents/routes';

export const dynamic = 'force-dynamic';
export const POST = quoteRoute.handle;
