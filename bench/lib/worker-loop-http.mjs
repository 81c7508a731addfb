// The worker loop over HTTP against `next start`, exactly as a phone drives it: server actions posted the way
// React's client posts them (Next-Action header with the action's id, the arguments as a JSON array), with the
// worker's session cookie. A redirect answer carries the next task's URL in `x-action-redirect` and the rendered
// task page (RSC) in its body, which is read to the end: the cycle includes rendering the next task.
//
//   first cycle  startProjectAction(projectId)  posted to /tasks     -> redirect to /tasks/<assignment>
//   each cycle   submitAnswerAction({ assignmentId, answer, goToNext: true }) posted to /tasks/<assignment>
//                -> the answer is stored and the next task leased and rendered in the same round trip
import fs from 'node:fs';
import http from 'node:http';

const ANSWER = { choice: 'A' }; // a valid default-config PAIRWISE answer, in shown terms

/** Server action ids from the build: they change with every build, so read them, never hard-code them. */
export function readActionIds(distDir = '.next') {
  const manifest = JSON.parse(fs.readFileSync(`${distDir}/server/server-reference-manifest.json`, 'utf8'));
  const ids = {};
  for (const [id, entry] of Object.entries(manifest.node)) ids[`${entry.filename}#${entry.exportedName}`] = id;
  const pick = (key) => {
    if (!ids[key]) throw new Error(`server action ${key} is not in the build`);
    return ids[key];
  };
  return { start: pick('lib/workers/actions.ts#startProjectAction'), submit: pick('lib/workers/actions.ts#submitAnswerAction') };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

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
        let size = 0;
        const chunks = [];
        response.on('data', (chunk) => {
          size += chunk.length;
          if (size < 4096) chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, head: Buffer.concat(chunks).toString('utf8'), size }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.setTimeout(120_000, () => request.destroy(new Error('HTTP request timed out')));
    request.end(body);
  });
}

/** The assignment id a redirect answer points at, or the reason the action gave instead. */
function readOutcome(answer) {
  const target = answer.headers['x-action-redirect'];
  const match = typeof target === 'string' ? /\/tasks\/([0-9a-f-]{36})/.exec(target) : null;
  if (answer.status === 303 || match) return match ? { assignmentId: match[1] } : { error: `redirect to ${target}` };
  if (answer.status !== 200) return { error: `HTTP ${answer.status}` };
  const reason = /"reason":"([A-Z_]+)"/.exec(answer.head)?.[1];
  if (reason) return { none: reason };
  const message = /"message":"([^"]+)"/.exec(answer.head)?.[1];
  return { error: message ?? `no redirect (${answer.head.slice(0, 120)})` };
}

/**
 * @param {{ baseUrl: string, actionIds: { start: string, submit: string }, cookieName: string }} target
 * @param {Map<string, string>} tokens session token per workerId
 */
export function createHttpCycle({ baseUrl, actionIds, cookieName }, projectId, tokens) {
  const current = new Map(); // workerId -> the assignment on the worker's screen
  const addressOf = new Map(); // each virtual phone has its own address, as phones do
  const context = (workerId) => {
    if (!addressOf.has(workerId)) addressOf.set(workerId, `10.${(addressOf.size >> 16) & 255}.${(addressOf.size >> 8) & 255}.${addressOf.size & 255}`);
    return { cookie: `${cookieName}=${tokens.get(workerId)}`, forwardedFor: addressOf.get(workerId) };
  };

  return async function httpCycle(workerId) {
    const parts = {};
    let t = performance.now();
    if (!current.has(workerId)) {
      const started = readOutcome(await post(baseUrl, '/tasks', { actionId: actionIds.start, body: JSON.stringify([projectId]), ...context(workerId) }));
      if (started.none) return { kind: 'none', reason: started.none };
      if (started.error) throw new Error(`start: ${started.error}`);
      current.set(workerId, started.assignmentId);
      parts.start = performance.now() - t;
      t = performance.now();
    }
    const assignmentId = current.get(workerId);
    const body = JSON.stringify([{ assignmentId, answer: ANSWER, goToNext: true }]);
    const next = readOutcome(await post(baseUrl, `/tasks/${assignmentId}`, { actionId: actionIds.submit, body, ...context(workerId) }));
    parts.submitAndNext = performance.now() - t;
    current.delete(workerId);
    if (next.assignmentId) current.set(workerId, next.assignmentId);
    // The judgment is in once the action answered with a next task or a reason; an error may still have stored it.
    if (next.error) return { kind: 'done', parts, error: new Error(`submit: ${next.error}`) };
    return { kind: 'done', parts };
  };
}
