import { answerDemoPayCallback } from '@/lib/wallet-sim/lnurl-pay';

export const dynamic = 'force-dynamic';
export const GET = (request: Request) => answerDemoPayCallback(request);
