// `npm run wallet -- login <LNURL> [--seed <hex>]`: the wallet simulator from a terminal. It does what a
// phone wallet does, over real HTTP: decode the LNURL, sign k1 with a per-domain key, call the service.
import { DEMO_WALLET_SEED } from '@/lib/wallet-sim/demo-wallet';
import { loginWithLnurl } from '@/lib/wallet-sim/lnurl-auth';

const usage = 'usage: npm run wallet -- login <LNURL1...|keyauth://...|https://...> [--seed <64 hex>]';

async function main(): Promise<number> {
  const [command, target, ...rest] = process.argv.slice(2);
  const seedIndex = rest.indexOf('--seed');
  const seedHex = seedIndex >= 0 ? rest[seedIndex + 1] : DEMO_WALLET_SEED;
  if (command !== 'login' || !target || !seedHex || !/^[0-9a-f]{32,128}$/i.test(seedHex)) {
    console.error(usage);
    return 2;
  }
  const result = await loginWithLnurl({ lnurl: target, seedHex });
  if (result.ok) {
    console.log(`Signed in. Linking key: ${result.key}`);
    return 0;
  }
  console.error(`The service refused: ${result.reason}`);
  return 1;
}

main().then((code) => process.exit(code));
