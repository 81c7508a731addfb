// The LNURL endpoints in a process of their own, as on an app server: started by startLnurlServerProcess
// (payout-storm-server.mjs) with the bench database in its environment. Reports its origin, then its request counts
// when told to stop.
import { startLnurlServer } from './payout-storm-server.mjs';

const server = await startLnurlServer();
process.env.BOLTWORK_PUBLIC_URL = server.origin; // before the routes load: callbacks point here
process.send({ origin: server.origin });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await server.close();
  process.send({ counts: server.counts }, () => process.exit(0));
});
