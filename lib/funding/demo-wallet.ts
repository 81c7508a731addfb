import 'server-only';
import type { SimLightningBackend } from '@/lib/lightning/sim';
import { createWalletNode } from '@/lib/wallet-sim/sim-wallet';

// Public on purpose: it only keys the demo team's simulated wallet on the simulated regtest network.
export const DEMO_TEAM_WALLET_SEED = '626f6c74776f726b2d64656d6f2d7465616d2d77616c6c65742d736565642d31';

const holder = globalThis as unknown as { __boltworkDemoTeamWallet?: SimLightningBackend };

/** The demo team's own wallet node: it pays the platform's deposit invoices over the simulated network. */
export function getDemoTeamWallet(): SimLightningBackend {
  holder.__boltworkDemoTeamWallet ??= createWalletNode(DEMO_TEAM_WALLET_SEED);
  return holder.__boltworkDemoTeamWallet;
}
