// The worker loop over HTTP against `next start`, exactly as a phone's task loop drives it: server actions posted
// the way React's client posts them (Next-Action header with the action's id, the arguments as a JSON array), with
// the worker's session cookie. Answers are read to the end (they carry the next task, rendered).
//
//   first cycle  startProjectAction(projectId) posted to /tasks -> redirect to /tasks/<current> (the task and the
//                next one are leased), then prefetchTaskAction({ projectId, currentId }) -> the next one's card
//   each cycle   advanceTaskAction({ assignmentId, answer, aheadId }) posted to /tasks/<current>: the answer is
//                stored, the next task (aheadId) comes on screen and another one is leased ahead and rendered
import fs from 'node:fs';
import http from 'node:http';

const ANSWER = { choice: 'A' }; // a valid default-config PAIRWISE answer, in shown terms

/** Server action ids from the build: they change with every build, so read them, never hard-code them. */
export function readActionIds(distDir = '.next') {
  const manifest = JSON.parse(fs.readFileSync(`${distDir}/server/server-reference-manifest.json`, 'utf8'));
  const ids = {};
  for (const [id, entry] of Object.entries(manifest.node)) ids[`${entry.filename}#${entry.exportedName}`] = id;
  const pick = (name) => {
    const key = `lib/workers/actions.ts#${name}`;
    if (!ids[key]) throw new Error(`server action ${key} is not in the build`);
    return ids[key];
  };
  return { start: pick('startProjectAction'), prefetch: pick('prefetchTaskAction'), advance: pick('advanceTaskAction') };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

function post(baseUrl, path, { actionId, cookie, body, forwardedFor }) {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          accept: 'text/x-component',
          'content-type': 'text/plain;charset=UTF-8',
          'next-action': actionId,
          origin: url.origin,
          cookie,
          'x-simulated-client-ip': forwardedFor,
        },
      },
      (response) => {
        const chunks = [];
        let size = 0;
        response.on('data', (chunk) => {
          size += chunk.length;
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), size }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.setTimeout(120_000, () => request.destroy(new Error('HTTP request timed out')));
    request.end(body);
  });
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The task loop's step out of an action's RSC answer: the card ids it names, or the reason it gave. */
export function readStep(answer) {
  if (answer.status !== 200) return { error: `HTTP ${answer.status}` };
  const kind = /"kind":"(next|none|exam|invalid|error)"/.exec(answer.body)?.[1];
  if (!kind) return { error: `no task step (${answer.body.slice(0, 160)})` };
  if (kind === 'none') return { none: /"reason":"([A-Z_]+)"/.exec(answer.body)?.[1] ?? 'NONE' };
  if (kind !== 'next') return { error: /"message":"([^"]+)"/.exec(answer.body)?.[1] ?? kind };
  const card = (field) => (new RegExp(`"${field}":null`).test(answer.body) ? null : new RegExp(`"${field}":\\{"assignmentId":"(${uuid})"`).exec(answer.body)?.[1] ?? null);
  return { current: card('current'), ahead: card('ahead'), aheadNone: /"aheadNone":"([A-Z_]+)"/.exec(answer.body)?.[1] ?? null };
}

/**
 * One virtual phone per worker id, holding the task on its screen and the next one. `cycle(workerId)` is one tap:
 * answer the task on screen, show the next one, receive the one after. Parts: `start` (first cycle only: start +
 * prefetch) and `tap` (the advance round trip, i.e. the server side of tap -> next task).
 * @param {{ baseUrl: string, actionIds: { start: string, prefetch: string, advance: string }, cookieName: string }} target
 * @param {Map<string, string>} tokens session token per workerId
 */
export function createHttpCycle({ baseUrl, actionIds, cookieName }, projectId, tokens) {
  const screens = new Map(); // workerId -> { current, ahead }
  const addressOf = new Map(); // each virtual phone has its own address, as phones do
  const context = (workerId) => {
    if (!addressOf.has(workerId)) addressOf.set(workerId, `10.${(addressOf.size >> 16) & 255}.${(addressOf.size >> 8) & 255}.${addressOf.size & 255}`);
    return { cookie: `${cookieName}=${tokens.get(workerId)}`, forwardedFor: addressOf.get(workerId) };
  };

  async function start(workerId) {
    const started = await post(baseUrl, '/tasks', { actionId: actionIds.start, body: JSON.stringify([projectId]), ...context(workerId) });
    const target = started.headers['x-action-redirect'];
    const current = typeof target === 'string' ? new RegExp(`/tasks/(${uuid})`).exec(target)?.[1] : null;
    if (!current) {
      const step = readStep(started);
      if (step.none) return { none: step.none };
      throw new Error(`start: ${step.error ?? `no redirect (HTTP ${started.status})`}`);
    }
    const body = JSON.stringify([{ projectId, currentId: current }]);
    const prefetched = readStep(await post(baseUrl, `/tasks/${current}`, { actionId: actionIds.prefetch, body, ...context(workerId) }));
    if (prefetched.error) throw new Error(`prefetch: ${prefetched.error}`);
    return { screen: { current: prefetched.current ?? current, ahead: prefetched.ahead } };
  }

  const httpCycle = async function httpCycle(workerId) {
    const parts = {};
    let t = performance.now();
    if (!screens.has(workerId)) {
      const started = await start(workerId);
      if (started.none) return { kind: 'none', reason: started.none };
      screens.set(workerId, started.screen);
      parts.start = performance.now() - t;
      t = performance.now();
    }
    const screen = screens.get(workerId);
    const body = JSON.stringify([{ assignmentId: screen.current, answer: ANSWER, aheadId: screen.ahead }]);
    const answer = await post(baseUrl, `/tasks/${screen.current}`, { actionId: actionIds.advance, body, ...context(workerId) });
    parts.tap = performance.now() - t;
    const step = readStep(answer);
    screens.delete(workerId);
    // The judgment is in once the action answered with a next task or a reason; an error may still have stored it.
    if (step.error) return { kind: 'done', parts, error: new Error(`advance: ${step.error}`) };
    const current = step.none ? null : (step.current ?? screen.ahead);
    if (current) screens.set(workerId, { current, ahead: step.ahead });
    return { kind: 'done', parts, bytes: answer.size };
  };
  /** Opens the project on every phone before a measured run (Start, then the task leased ahead), `concurrency` at a time. */
  httpCycle.prepare = async (workerIds, concurrency = 20) => {
    const queue = [...workerIds];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let workerId = queue.shift(); workerId; workerId = queue.shift()) {
          const started = await start(workerId);
          if (started.screen) screens.set(workerId, started.screen);
        }
      }),
    );
  };
  return httpCycle;
}
