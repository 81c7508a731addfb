// `npm run wallet -- <login|withdraw|pay> <LNURL|bolt11> [--seed <hex>]`: the wallet simulator from a terminal. It
// does what a phone wallet does, over real HTTP: decode the LNURL, then sign a login (LUD-04) or create an invoice
// on its own simulated node and ask the service to pay it (LUD-03). `pay` pays a BOLT11 invoice (a team's funding
// invoice) from the simulated wallet's node. The simulated Lightning network lives in
// the app's database, found through DATABASE_URL or the running `npm start` (.data/runtime.json).
import { DEMO_WALLET_SEED } from '@/lib/wallet-sim/demo-wallet';
import { loginWithLnurl } from '@/lib/wallet-sim/lnurl-auth';
import { databaseUrlFromRunningApp } from './lib/running-app';

const usage = 'usage: npm run wallet -- <login|withdraw|pay> <LNURL1...|lnurlw://...|https://...|lnbcrt...> [--seed <64 hex>]';

async function withdraw(target: string, seedHex: string): Promise<number> {
  process.env.DATABASE_URL ??= databaseUrlFromRunningApp();
  if (!process.env.DATABASE_URL) {
    console.error('Start the app first (npm start) or set DATABASE_URL: the simulated network lives in its database.');
    return 2;
  }
  const [{ withdrawWithLnurl, waitForPayment }, { createWalletNode }, { disconnectDb }] = await Promise.all([
    import('@/lib/wallet-sim/lnurl-withdraw'),
    import('@/lib/wallet-sim/sim-wallet'),
    import('@/lib/db'),
  ]);
  try {
    const wallet = createWalletNode(seedHex);
    const result = await withdrawWithLnurl({ lnurl: target, wallet });
    if (!result.ok) {
      console.error(`The service refused: ${result.reason}`);
      return 1;
    }
    console.log(`Invoice for ${result.amountMsats / 1000n} sats accepted; waiting for the payment…`);
    const state = await waitForPayment(wallet, result.paymentHash, { timeoutMs: 60_000 });
    console.log(state.status === 'PAID' ? `Paid. Payment hash ${result.paymentHash}` : `Not paid yet (${state.status}).`);
    return state.status === 'PAID' ? 0 : 1;
  } finally {
    await disconnectDb();
  }
}

async function pay(bolt11: string, seedHex: string): Promise<number> {
  process.env.DATABASE_URL ??= databaseUrlFromRunningApp();
  if (!process.env.DATABASE_URL) {
    console.error('Start the app first (npm start) or set DATABASE_URL: the simulated network lives in its database.');
    return 2;
  }
  const [{ decodeInvoice }, { createWalletNode }, { disconnectDb }] = await Promise.all([
    import('@/lib/lightning/invoice'),
    import('@/lib/wallet-sim/sim-wallet'),
    import('@/lib/db'),
  ]);
  try {
    const invoice = decodeInvoice(bolt11.replace(/^lightning:/i, ''));
    if (invoice.amountMsats === null) {
      console.error('This invoice has no amount; the simulated wallet only pays invoices with an amount.');
      return 2;
    }
    const outcome = await createWalletNode(seedHex).payInvoice({
      bolt11: invoice.bolt11,
      paymentHash: invoice.paymentHash,
      amountMsats: invoice.amountMsats,
      feeLimitMsats: invoice.amountMsats / 100n + 1000n,
      timeoutSeconds: 30,
    });
    if (outcome.status === 'PAID') console.log(`Paid ${invoice.amountMsats / 1000n} sats. Preimage ${outcome.preimage}`);
    else console.error(outcome.status === 'FAILED' ? `Payment failed: ${outcome.reason}` : 'Payment still in flight.');
    return outcome.status === 'PAID' ? 0 : 1;
  } finally {
    await disconnectDb();
  }
}

async function main(): Promise<number> {
  const [command, target, ...rest] = process.argv.slice(2);
  const seedIndex = rest.indexOf('--seed');
  const seedHex = seedIndex >= 0 ? rest[seedIndex + 1] : DEMO_WALLET_SEED;
  if (!target || !seedHex || !/^[0-9a-f]{32,128}$/i.test(seedHex)) {
    console.error(usage);
    return 2;
  }
  if (command === 'withdraw') return withdraw(target, seedHex);
  if (command === 'pay') return pay(target, seedHex);
  if (command !== 'login') {
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
