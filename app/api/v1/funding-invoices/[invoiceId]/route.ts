import { getFundingInvoiceRoute } from '@/lib/api/v1/funding';

export const dynamic = 'force-dynamic';
export const GET = getFundingInvoiceRoute.handle;
