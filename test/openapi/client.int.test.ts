// A client generated from /api/v1/openapi.json alone makes docs/api.md's curl walk-through: the types are generated
// here (scripts/openapi-types.ts), tsc checks walkthrough.ts against them, and the walk-through runs with
// openapi-fetch over real HTTP to the route handlers, whose every answer is checked against the document.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoutes } from '@/lib/api/v1';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { runExport } from '@/lib/exports/run';
import { approveJudgmentsAtOnce } from '@/lib/judgments/approve-batch';
import { stopBoss } from '@/lib/jobs/boss';
import { createWalletNode } from '@/lib/wallet-sim/sim-wallet';
import { writeTeamApiTypes } from '@/scripts/openapi-types';
import { workUntilDone } from '@/test/agents/harness';
import { createTeamWithKey, pairwiseLine } from '@/test/api/helpers';
import { matchApiRoute, startRouteServer } from './route-server';
import type { WalkthroughOptions } from './walkthrough-world';

// Hoisted above the imports by vitest: the routes import the session layer, which needs a Next request.
vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const WALKTHROUGH = 'test/openapi/walkthrough.ts';
/**
 * Loaded by path, not by name: the root tsc follows named imports, and walkthrough.ts needs types that exist only
 * once this test generated them. The first test type-checks it instead; here its answers are read as plain JSON.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type RunWalkthrough = (options: WalkthroughOptions) => Promise<Record<string, any>>;
const loadWalkthrough = async () => (await import(/* @vite-ignore */ path.resolve(WALKTHROUGH))).runCurlWalkthrough as RunWalkthrough;
const ITEMS = 20;
let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  await writeTeamApiTypes();
  server = await startRouteServer({ api: 'team', prefix: '/api/v1', routeFor: async (method, pathname) => matchApiRoute(apiRoutes, method, pathname.slice('/api/v1'.length)) });
});
afterAll(async () => {
  await server?.close();
  await stopBoss();
});

describe('a client generated from the OpenAPI document', () => {
  it('type-checks: every call of the walk-through fits the generated types', () => {
    const { config } = ts.readConfigFile('tsconfig.json', ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, process.cwd());
    const program = ts.createProgram([WALKTHROUGH], { ...options, noEmit: true, incremental: false });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it('makes the walk-through’s calls: project, upload, publish, fund, progress, export, download', async () => {
    const { key } = await createTeamWithKey();
    const wallet = createWalletNode(randomBytes(32).toString('hex'));
    const runCurlWalkthrough = await loadWalkthrough();
    const result = await runCurlWalkthrough({
      baseUrl: `${server.origin}/api/v1`,
      key,
      jsonl: Array.from({ length: ITEMS }, (_, index) => pairwiseLine(index)).join('\n'),
      world: {
        payInvoice: async ({ bolt11, paymentHash, amountSats }) => {
          const paid = await wallet.payInvoice({ bolt11, paymentHash, amountMsats: BigInt(amountSats) * 1000n, feeLimitMsats: 100_000n, timeoutSeconds: 10 });
          expect(paid.status).toBe('PAID');
        },
        answerEverything: async (projectId) => {
          expect(await workUntilDone(projectId, await createTestWorkers(3), () => ({ choice: 'A' }))).toBe(ITEMS * 3);
        },
        approveInReview: async (ids) => {
          expect((await approveJudgmentsAtOnce(ids)).approved).toBe(ids.length);
        },
        buildExport: async (exportId) => {
          await runExport(exportId); // what the job worker does
        },
      },
    });
    expect(result.project).toMatchObject({ status: 'DRAFT', taskType: 'PAIRWISE' });
    expect(result.allowTie).toBe(true);
    expect(result.batch).toMatchObject({ status: 'IMPORTED', importedRows: ITEMS, errorRows: 0 });
    expect(result.published.status).toBe('ACTIVE');
    expect(result.funded.status).toBe('PAID');
    expect(result.pending).toBe(ITEMS * 3);
    expect(result.approved).toBe(ITEMS * 3);
    expect(result.stats.items.total).toBe(ITEMS);
    expect(result.ready.status).toBe('READY');
    const rows = [...result.train.split('\n'), ...result.validation.split('\n')].filter(Boolean);
    expect(rows).toHaveLength(result.ready.rowsWritten);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.parse(rows[0])).toHaveProperty('preferred_output');
    expect(result.card).toMatch(/^#|\n#/);
  });
});
