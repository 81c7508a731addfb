import { after } from 'next/server';
import { answerWithdrawCallback } from '@/lib/payouts/withdraw-callback';

export const dynamic = 'force-dynamic';

/**
 * Next runs the payment once the wallet has its answer (and a graceful shutdown waits for it). Called outside a
 * Next request, as tests call this handler, there is no response to run it after: the queued `payout.send` pays.
 */
function afterNextResponse(task: () => Promise<void>): void {
  try {
    after(task);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('outside a request scope'))) throw error;
  }
}

/** LUD-03 step 3: check the wallet's invoice, answer at once, then pay. */
export async function GET(request: Request): Promise<Response> {
  return answerWithdrawCallback(request, afterNextResponse);
}
