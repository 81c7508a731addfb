// A real HTTP receiver on 127.0.0.1 for webhook integration tests: answers from a script and checks signatures.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from './sign';

export type ReceivedWebhook = { headers: IncomingHttpHeaders; body: string; isSignatureValid: boolean };

export type TestReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** Status codes to answer with, in order; 200 once they run out. 0 never answers (for timeouts). */
  respondWith: (...statuses: number[]) => void;
  close: () => Promise<void>;
};

export async function startTestReceiver(secret: () => string): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  let script: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, isSignatureValid: verifyWebhookSignature(secret(), request.headers, body) });
      const status = script.shift() ?? 200;
      if (status === 0) return; // hang
      if (status >= 300 && status < 400) response.setHeader('location', 'http://127.0.0.1:1/elsewhere');
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    respondWith: (...statuses) => {
      script = statuses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
