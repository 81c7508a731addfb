// The LNURL endpoints in a process of their own, as on an app server: started by startLnurlServerProcess
// (payout-storm-server.mjs) with the bench database in its environment. Reports its origin, then its request counts
// when told to stop.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startLnurlServer } from './payout-storm-server.mjs';

// How long callbacks and the payments they start waited for this process's event loop (CPU, GC).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const stalls = [];
let lastTick = Date.now();
setInterval(() => {
  const now = Date.now();
  if (now - lastTick > 250) stalls.push([new Date(lastTick).toISOString(), now - lastTick]);
  lastTick = now;
}, 50).unref();

const server = await startLnurlServer();
process.env.BOLTWORK_PUBLIC_URL = server.origin; // before the routes load: callbacks point here
process.send({ origin: server.origin });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await server.close();
  const ms = (ns) => Math.round(ns / 1e5) / 10;
  const eventLoopDelayMs = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  process.send({ counts: { ...server.counts, eventLoopDelayMs, stalls: stalls.slice(0, 10) } }, () => process.exit(0));
});
