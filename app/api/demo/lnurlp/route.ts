import { answerDemoPayRequest } from '@/lib/wallet-sim/lnurl-pay';

export const dynamic = 'force-dynamic';
export const GET = async () => answerDemoPayRequest();
