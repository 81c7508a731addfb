// `npm run agent:example [-- --url http://127.0.0.1:3000] [--cancel] [--tree]`: an AI agent buying human judgments with
// lib/agent-client. It pays the L402 invoice from the wallet simulator's node (the simulated Lightning network
// lives in the app's database, found through DATABASE_URL or the running `npm start`), then long-polls the results
// while workers answer (sign in as the demo worker in the app and do the "Is this review positive?" tasks).
// With --cancel it cancels the job right after paying and shows the refund. With --tree it buys a ranking of two
// model replies to a conversation instead (a TREE_RANKING job: the demo worker ranks them).
import { existsSync, readFileSync } from 'node:fs';
import { createAgentClient, type AgentJobInput, type TreeRankingJobInput } from '@/lib/agent-client';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { DEMO_WALLET_SEED } from '@/lib/wallet-sim/demo-wallet';

function runningApp(): { url?: string; databaseUrl?: string } {
  if (!existsSync('.data/runtime.json')) return {};
  return JSON.parse(readFileSync('.data/runtime.json', 'utf8')) as { url?: string; databaseUrl?: string };
}

const job: AgentJobInput = {
  title: 'Is this review positive?',
  taskType: 'CLASSIFICATION',
  instructions: 'Read the product review. Is it **positive**, **negative** or **neutral**?',
  typeConfig: { labels: ['positive', 'negative', 'neutral'] },
  items: [
    { id: 'review-1', text: 'Arrived on time and works perfectly. Would buy again.' },
    { id: 'review-2', text: 'Stopped charging after two days. Support never answered.' },
    { id: 'review-3', text: 'It is a phone case. It fits the phone.' },
  ],
  judgmentsPerItem: 3,
  rewardSats: 21,
  // Unused sats (a cancelled job) go back here: set when the app's URL is known (see main).
  refundTo: { type: 'lightning_address', address: 'refunds@agent.example' },
};

const treeJob: TreeRankingJobInput = {
  taskType: 'TREE_RANKING',
  conversation: [{ role: 'user', content: 'Explain what a Lightning invoice is, in two sentences.' }],
  candidates: [
    { id: 'short', model: 'small-v1', text: 'A Lightning invoice is a payment request for a fixed amount. Paying it reveals a secret that proves you paid.' },
    { id: 'vague', model: 'tiny-v0', text: 'It is like a bill, but for Bitcoin.' },
  ],
  rankers: 1,
  rewardSats: 2,
  refundTo: job.refundTo,
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const request = args.includes('--tree') ? treeJob : job;
  const app = runningApp();
  const baseUrl = args.includes('--url') ? args[args.indexOf('--url') + 1] : (app.url ?? 'http://127.0.0.1:3000');
  process.env.DATABASE_URL ??= app.databaseUrl;
  // A Lightning Address you own (AGENT_REFUND_ADDRESS), or else the wallet simulator's LNURL-pay link on the app (demo mode).
  request.refundTo = process.env.AGENT_REFUND_ADDRESS
    ? { type: 'lightning_address', address: process.env.AGENT_REFUND_ADDRESS }
    : { type: 'lnurl', lnurl: encodeLnurl(`${baseUrl.replace(/\/+$/, '')}/api/demo/lnurlp`) };
  if (!process.env.DATABASE_URL) {
    console.error('Start the app first (npm start) or set DATABASE_URL: the wallet simulator pays on the simulated network in its database.');
    return 2;
  }
  const [{ createWalletNode }, { decodeInvoice }, { disconnectDb }] = await Promise.all([
    import('@/lib/wallet-sim/sim-wallet'),
    import('@/lib/lightning/invoice'),
    import('@/lib/db'),
  ]);
  const wallet = createWalletNode(DEMO_WALLET_SEED);
  const client = createAgentClient({
    baseUrl,
    maxPriceMsats: 1_000_000n,
    async payInvoice(bolt11, invoice) {
      console.log(`402 Payment Required: paying ${invoice.amountMsats / 1000n} sats (${decodeInvoice(bolt11).paymentHash.slice(0, 16)}…) from the wallet simulator`);
      const outcome = await wallet.payInvoice({ bolt11, paymentHash: invoice.paymentHash, amountMsats: invoice.amountMsats, feeLimitMsats: 10_000n, timeoutSeconds: 30 });
      if (outcome.status !== 'PAID') throw new Error(`The wallet could not pay: ${outcome.status}`);
      return outcome.preimage;
    },
  });
  try {
    const quote = await client.quote(request);
    console.log(`Quote: ${quote.judgments} judgments for ${quote.priceMsats / 1000n} sats, ETA ${quote.etaSeconds === null ? 'unknown (no recent work)' : `${quote.etaSeconds} s`}`);
    const created = await client.createJob(request);
    console.log(`Job ${created.job.id} created (${created.job.status}); token kept for reading it.`);
    if (args.includes('--cancel')) {
      const authorization = `L402 ${created.token!.macaroon}:${created.token!.preimage}`;
      const response = await fetch(`${baseUrl}/api/agent/v1/jobs/${created.job.id}`, { method: 'DELETE', headers: { authorization } });
      console.log(`Cancelled (${response.status}); waiting for the refund to the wallet simulator…`);
      for (let second = 0; second < 60; second++) {
        const current = await client.getJob(created.job.id, created.token!);
        if (current.refundPendingMsats === 0n && current.refundedMsats > 0n) {
          console.log(`Refunded ${current.refundedMsats} msats of ${current.paidMsats} (the rest: the refund's routing fee, and under 3 sats of rounding the platform keeps).`);
          return 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      console.log('The refund has not arrived yet: the job worker retries it (docs/payments.md).');
      return 1;
    }
    console.log(`Waiting for workers (sign in as the demo worker and do the ${request === job ? 'review' : 'ranking'} tasks)…`);
    for (;;) {
      const results = await client.getResults(created.job.id, created.token!, { waitSeconds: 30 });
      console.log(`${results.job.judgmentsDone}/${results.job.judgmentsNeeded} judgments, ${results.job.status}`);
      if (results.isComplete) {
        for (const reply of results.tree?.replies ?? []) console.log(`  #${reply.rank}: ${reply.id} (${reply.model}) ${reply.text}`);
        for (const item of results.items) console.log(`  ${item.item_id}: ${JSON.stringify(item.label)} (confidence ${item.confidence?.toFixed(2)}, agreement ${item.agreement?.toFixed(2)})`);
        return 0;
      }
    }
  } finally {
    await disconnectDb();
  }
}

process.exitCode = await main();
