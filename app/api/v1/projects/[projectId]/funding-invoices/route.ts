import { createFundingInvoiceRoute } from '@/lib/api/v1/funding';

export const dynamic = 'force-dynamic';
export const POST = createFundingInvoiceRoute.handle;
