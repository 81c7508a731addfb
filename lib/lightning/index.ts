import 'server-only';
// The process-wide Lightning backend, chosen by LIGHTNING_BACKEND (see README, Configuration).
import { readFileSync } from 'node:fs';
import { getEnv } from '@/lib/env';
import type { LightningBackend, LightningNetwork } from './backend';
import { LndBackend } from './backends/lnd';
import { NwcBackend } from './backends/nwc';
import { PhoenixdBackend } from './backends/phoenixd';
import { SimLightningBackend } from './sim';

export type * from './backend';
export { SimLightningBackend, type SimFaultMode, type SimFaults, type SimNodeOptions } from './sim';

// Public on purpose: it only keys the simulated regtest node of a development or demo deployment.
export const DEV_SIM_NODE_SEED = '626f6c74776f726b2d73696d2d6e6f64652d6465762d736565642d3030303031';

// Next loads route handlers and instrumentation as separate module instances: share one backend per process.
const holder = globalThis as unknown as { __boltworkLightning?: LightningBackend };

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} must be set for LIGHTNING_BACKEND=${getEnv().LIGHTNING_BACKEND}`);
  return value;
}

function createBackend(): LightningBackend {
  const env = getEnv();
  const network: LightningNetwork = env.LIGHTNING_NETWORK ?? (env.LIGHTNING_BACKEND === 'sim' ? 'regtest' : 'mainnet');
  switch (env.LIGHTNING_BACKEND) {
    case 'lnd': {
      return new LndBackend({
        restUrl: required(env.LND_REST_URL, 'LND_REST_URL'),
        macaroonHex: required(env.LND_MACAROON_HEX, 'LND_MACAROON_HEX'),
        tlsCertPem: readFileSync(required(env.LND_TLS_CERT_PATH, 'LND_TLS_CERT_PATH'), 'utf8'),
        network,
      });
    }
    case 'phoenixd': {
      return new PhoenixdBackend({ url: required(env.PHOENIXD_URL, 'PHOENIXD_URL'), password: required(env.PHOENIXD_PASSWORD, 'PHOENIXD_PASSWORD'), network });
    }
    case 'nwc': {
      return new NwcBackend({ connectionUri: required(env.NWC_CONNECTION_URI, 'NWC_CONNECTION_URI'), network });
    }
    default:
      if (env.NODE_ENV === 'production' && !env.isDemoMode && !env.BOLTWORK_SIM_NODE_SEED) {
        throw new Error('LIGHTNING_BACKEND=sim outside demo mode needs its own BOLTWORK_SIM_NODE_SEED.');
      }
      return new SimLightningBackend({
        nodeSeedHex: env.BOLTWORK_SIM_NODE_SEED ?? DEV_SIM_NODE_SEED,
        network: network === 'mainnet' ? 'regtest' : network,
        payDelayMs: env.BOLTWORK_SIM_PAY_DELAY_MS,
      });
  }
}

export function getLightningBackend(): LightningBackend {
  holder.__boltworkLightning ??= createBackend();
  return holder.__boltworkLightning;
}

/**
 * Puts `backend` in place of the configured one for this process and returns a function that puts the old one
 * back. Only fault tests call it (test/faults wraps the simulated node to make it throw, hang or lie).
 */
export function replaceLightningBackend(backend: LightningBackend): () => void {
  const previous = getLightningBackend();
  holder.__boltworkLightning = backend;
  return () => {
    holder.__boltworkLightning = previous;
  };
}
