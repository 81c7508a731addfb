// An app server in a process of its own, serving the LNURL-withdraw routes (the callback pays after answering, as on
// `next start`): lib/payouts/worker-crash.int.test.ts kills it in the middle of a payment. Prints its origin.
import { startLnurlServer } from '../test-support';

const server = await startLnurlServer();
process.stdout.write(`${JSON.stringify({ origin: server.origin })}\n`);
