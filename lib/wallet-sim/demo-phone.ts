import 'server-only';
import type { SimLightningBackend } from '@/lib/lightning/sim';
import { DEMO_WALLET_SEED } from './demo-wallet';
import { createWalletNode } from './sim-wallet';

const holder = globalThis as unknown as { __boltworkDemoPhone?: SimLightningBackend };

/** The demo worker's phone wallet: its own simulated node on the shared simulated network. */
export function getDemoPhoneWallet(): SimLightningBackend {
  holder.__boltworkDemoPhone ??= createWalletNode(DEMO_WALLET_SEED);
  return holder.__boltworkDemoPhone;
}
