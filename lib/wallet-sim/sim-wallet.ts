import 'server-only';
// A simulated phone wallet's own Lightning node. It joins the same simulated network as the platform's node
// (the SimInvoice table), under its own key, so the platform can pay the invoices it issues.
import { SimLightningBackend, type SimNodeOptions } from '@/lib/lightning/sim';

/** The wallet's node. The seed may be the wallet's LNURL-auth seed: node keys are derived apart from those. */
export function createWalletNode(
  seedHex: string,
  options: Omit<SimNodeOptions, 'nodeSeedHex'> = {},
): SimLightningBackend {
  return new SimLightningBackend({ network: 'regtest', ...options, nodeSeedHex: seedHex });
}
