// Drives N virtual workers for a fixed time: each one runs `cycle(workerId)` back to back until the deadline, so the
// number of cycles in flight is at most N (the database pool bounds it further). In-flight cycles finish after the
// deadline and are counted; the rate is completed cycles over the wall time until the last one finished.

/** @param {number[]} sorted ascending */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round1 = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);

function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { p50Ms: round1(percentile(sorted, 50)), p95Ms: round1(percentile(sorted, 95)), p99Ms: round1(percentile(sorted, 99)), maxMs: round1(sorted.at(-1) ?? null) };
}

/**
 * @param {{ workerIds: string[], seconds: number, bucketSeconds?: number, drainTimeoutMs?: number,
 *   cycle: (workerId: string) => Promise<{ kind: 'done', parts: Record<string, number>, error?: unknown } | { kind: 'none', reason: string }> }} options
 * `parts` splits one cycle's time into named steps (claim, submit...), each summarized like the cycle.
 */
export async function runWorkerLoop({ workerIds, seconds, cycle, bucketSeconds = 5, drainTimeoutMs = 60_000 }) {
  const cycleMs = [];
  const partMs = {};
  const buckets = new Array(Math.ceil(seconds / bucketSeconds) + 1).fill(0);
  const none = {};
  const errors = {};
  let firstError = null;
  const start = performance.now();
  const deadline = start + seconds * 1000;

  function countError(error) {
    const key = error?.code ?? error?.name ?? 'Error';
    errors[key] = (errors[key] ?? 0) + 1;
    firstError ??= String(error?.stack ?? error).slice(0, 800);
  }

  async function virtualWorker(workerId) {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const result = await cycle(workerId);
        const t1 = performance.now();
        if (result.kind === 'done') {
          cycleMs.push(t1 - t0);
          for (const [name, ms] of Object.entries(result.parts)) (partMs[name] ??= []).push(ms);
          buckets[Math.min(buckets.length - 1, Math.floor((t1 - start) / 1000 / bucketSeconds))] += 1;
        } else {
          none[result.reason] = (none[result.reason] ?? 0) + 1;
          // Nothing left for this worker: stop it rather than spin on empty claims.
          if (result.reason === 'NO_ITEMS_LEFT') return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (result.error) countError(result.error);
      } catch (error) {
        countError(error);
        await new Promise((resolve) => setTimeout(resolve, 20)); // no hot spin on a persistent failure
      }
    }
  }

  let drained = true;
  const all = Promise.all(workerIds.map(virtualWorker));
  await Promise.race([
    all,
    new Promise((resolve) => setTimeout(() => {
      drained = false;
      resolve();
    }, seconds * 1000 + drainTimeoutMs).unref()),
  ]);
  const wallSeconds = (performance.now() - start) / 1000;
  return {
    virtualWorkers: workerIds.length,
    seconds,
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    drained,
    cycles: cycleMs.length,
    cyclesPerSecond: Math.round((cycleMs.length / wallSeconds) * 10) / 10,
    cycle: summarize(cycleMs),
    parts: Object.fromEntries(Object.entries(partMs).map(([name, samples]) => [name, { count: samples.length, ...summarize(samples) }])),
    cyclesPerBucket: { bucketSeconds, counts: buckets },
    noWork: none,
    errors,
    firstError,
  };
}

/**
 * Open loop: every virtual phone thinks between taps (uniform in `thinkMs`), like a person reading a task, so the
 * load is set by the number of phones, not by how fast the server answers. Phones start spread over the first think
 * time. Each tap's latency is `cycle`'s `tap` part (first cycles also `start`). Runs `seconds`, then lets taps in
 * flight finish.
 * @param {{ workerIds: string[], seconds: number, thinkMs: [number, number], cycle: Function }} options
 */
export async function runOpenLoop({ workerIds, seconds, thinkMs, cycle }) {
  const taps = [];
  const starts = [];
  const errors = {};
  const none = {};
  let firstError = null;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const think = () => thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const countError = (error) => {
    const key = error?.code ?? error?.name ?? 'Error';
    errors[key] = (errors[key] ?? 0) + 1;
    firstError ??= String(error?.stack ?? error).slice(0, 800);
  };

  async function phone(workerId) {
    await sleep(Math.random() * thinkMs[1]);
    while (performance.now() < deadline) {
      try {
        const result = await cycle(workerId);
        if (result.kind === 'none') {
          none[result.reason] = (none[result.reason] ?? 0) + 1;
          if (result.reason === 'NO_ITEMS_LEFT') return;
        } else {
          if (result.parts.start !== undefined) starts.push(result.parts.start);
          taps.push(result.parts.tap);
          if (result.error) countError(result.error);
        }
      } catch (error) {
        countError(error);
      }
      await sleep(think());
    }
  }

  await Promise.all(workerIds.map(phone));
  const wallSeconds = (performance.now() - start) / 1000;
  return {
    phones: workerIds.length,
    seconds,
    thinkSeconds: thinkMs.map((ms) => ms / 1000),
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    taps: taps.length,
    tapsPerSecond: Math.round((taps.length / wallSeconds) * 10) / 10,
    tap: summarize(taps),
    start: summarize(starts),
    over150Ms: taps.filter((ms) => ms >= 150).length,
    noWork: none,
    errors,
    firstError,
  };
}
