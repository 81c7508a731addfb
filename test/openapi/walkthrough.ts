// docs/api.md's "Walkthrough with curl", step by step, with openapi-fetch typed by the types openapi-typescript
// generates from /api/v1/openapi.json (scripts/openapi-types.ts): only what the document says. Kept out of the
// root tsconfig (and never imported by name) because the types exist only once client.int.test.ts generated them;
// that test then runs tsc on this file.
import createClient from 'openapi-fetch';
import type { paths } from './generated/team-api';
import type { WalkthroughOptions } from './walkthrough-world';

/** The data of a successful call, or an error that carries the problem document. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.url} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function runCurlWalkthrough(options: WalkthroughOptions) {
  const { world } = options;
  const client = createClient<paths>({ baseUrl: options.baseUrl, headers: { Authorization: `Bearer ${options.key}` } });

  // 2. Create a pairwise-preference project (status DRAFT).
  const project = ok(await client.POST('/projects', {
    params: { header: { 'Idempotency-Key': 'create-project-2026-11-25' } },
    body: { title: 'Which answer is better?', instructions: 'Pick the **more helpful** answer.', taskType: 'PAIRWISE', typeConfig: {}, rewardSats: 20, judgmentsPerItem: 3 },
  }));
  // The answer is a union on taskType: narrowed, typeConfig is a PairwiseConfig with its defaults filled in.
  const allowTie = project.taskType === 'PAIRWISE' ? project.typeConfig.allowTie : null;
  const projectId = project.id;

  // 3. Upload items as JSONL.
  const batch = ok(await client.POST('/projects/{projectId}/batches', {
    params: { path: { projectId }, query: { mode: 'skip_invalid', fileName: 'pairs.jsonl' }, header: { 'Idempotency-Key': 'pairs-2026-11-25' } },
    body: options.jsonl,
    bodySerializer: (body) => body,
    headers: { 'Content-Type': 'application/x-ndjson' },
  }));

  // 4. Publish.
  const published = ok(await client.POST('/projects/{projectId}/publish', { params: { path: { projectId } } }));

  // 5. Fund the escrow with a Lightning invoice; pay it; read it until PAID.
  const invoice = ok(await client.POST('/projects/{projectId}/funding-invoices', {
    params: { path: { projectId }, header: { 'Idempotency-Key': 'fund-1' } },
    body: { amountSats: 50_000 },
  }));
  await world.payInvoice(invoice);
  const funded = ok(await client.GET('/funding-invoices/{invoiceId}', { params: { path: { invoiceId: invoice.id } } }));

  // (Workers answer; the team approves in the app's review.)
  await world.answerEverything(projectId);
  const pending = ok(await client.GET('/projects/{projectId}/judgments', { params: { path: { projectId }, query: { limit: 1000, status: 'PENDING' } } }));
  await world.approveInReview(pending.data.map((judgment) => judgment.id));

  // 6. Follow progress; raw judgments page by page.
  const stats = ok(await client.GET('/projects/{projectId}/stats', { params: { path: { projectId } } }));
  const approved = ok(await client.GET('/projects/{projectId}/judgments', { params: { path: { projectId }, query: { limit: 1000, status: 'APPROVED' } } }));

  // 7. Export a DPO dataset, read it until READY, download both parts and the dataset card.
  const started = ok(await client.POST('/projects/{projectId}/exports', {
    params: { path: { projectId }, header: { 'Idempotency-Key': 'dpo-export-v1' } },
    body: { format: 'OPENAI_DPO', filters: { status: 'approved', minAgreement: 0.6, split: { validationRatio: 0.1, seed: 'v1' } } },
  }));
  await world.buildExport(started.id);
  const ready = ok(await client.GET('/exports/{exportId}', { params: { path: { exportId: started.id } } }));
  const download = (part: 'train' | 'validation') =>
    client.GET('/exports/{exportId}/download', { params: { path: { exportId: started.id }, query: { part } }, parseAs: 'text' }).then(ok);
  const [train, validation] = await Promise.all([download('train'), download('validation')]);
  const card = ok(await client.GET('/exports/{exportId}/card', { params: { path: { exportId: started.id } }, parseAs: 'text' }));

  return { project, allowTie, batch, published, funded, stats, pending: pending.data.length, approved: approved.data.length, ready, train, validation, card };
}
